package dev.pledge.server.devapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.accounts.TeamAccess;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The door of the API: the bearer key (never a cookie: the API's chain has no session and reads
 * none), the rate limit with its headers on every answer, and the request's usage record. The
 * OpenAPI document and the reference page are open to all.
 */
class ApiGate extends OncePerRequestFilter {

  private final ApiKeys keys;
  private final RateLimits limits;
  private final ApiUsage usage;
  private final ObjectMapper json;
  private final TeamAccess teams;
  private final ApiAccounts accounts;

  ApiGate(
      ApiKeys keys,
      RateLimits limits,
      ApiUsage usage,
      ObjectMapper json,
      TeamAccess teams,
      ApiAccounts accounts) {
    this.teams = teams;
    this.accounts = accounts;
    this.keys = keys;
    this.limits = limits;
    this.usage = usage;
    this.json = json;
  }

  static boolean open(String uri) {
    return uri.endsWith("/api/v1/openapi.json")
        || uri.endsWith("/api/v1/reference")
        || uri.endsWith("/api/v1/reference.css");
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (open(request.getRequestURI())) {
      chain.doFilter(request, response);
      return;
    }
    String header = request.getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ApiErrors.write(
          json,
          new ApiProblem(
              401,
              "unauthenticated",
              "Unauthenticated",
              "Send your API key as 'Authorization: Bearer pst_live_…'. Make a key on the API"
                  + " keys page of your account."),
          request,
          response);
      return;
    }
    ApiKeys.Lookup found = keys.authenticate(header.substring(7).strip());
    if (found.rejection().isPresent()) {
      ApiProblem p =
          switch (found.rejection().get()) {
            case REVOKED ->
                new ApiProblem(
                    401,
                    "key-revoked",
                    "Key revoked",
                    "This API key was revoked. Make a new key on the API keys page.");
            case EXPIRED ->
                new ApiProblem(
                    401,
                    "key-expired",
                    "Key expired",
                    "This API key has expired. Make a new key on the API keys page.");
            default ->
                new ApiProblem(
                    401,
                    "invalid-key",
                    "Invalid key",
                    "This is not a valid API key. Keys start with pst_live_; copy the whole key.");
          };
      ApiErrors.write(json, p, request, response);
      return;
    }
    ApiKeys.ApiKey key = found.key().orElseThrow();
    if (!accounts.inUse(key.account())) {
      // "Delete my account" closes it at once: its keys stop with its sessions (they kept
      // uploading into a deleted account), and work again only if it is restored in time.
      ApiErrors.write(
          json,
          new ApiProblem(
              401,
              "account-deleted",
              "Account deleted",
              "The account this key belongs to was deleted. Signing in to the studio restores it"
                  + " while it can still be restored; its keys work again then."),
          request,
          response);
      return;
    }
    if (key.teamId() != null && !teams.teamsOf(key.account()).contains(key.teamId())) {
      // A team key speaks for its maker in the team; once they left it, it speaks for no one.
      ApiErrors.write(
          json,
          new ApiProblem(
              401,
              "key-team-left",
              "Key of a team its maker left",
              "This team key was made by someone who is no longer in the team. A team owner or"
                  + " admin can make a new team key on the API keys page."),
          request,
          response);
      return;
    }
    long started = System.nanoTime();
    RateLimits.Outcome rate = limits.hit(key);
    response.setHeader("RateLimit-Policy", rate.policyHeader());
    response.setHeader("RateLimit", rate.header());
    try {
      if (!rate.allowed()) {
        ApiErrors.write(
            json,
            new ApiProblem(
                    429,
                    "rate-limited",
                    "Too many requests",
                    "Your plan allows "
                        + rate.limit()
                        + " API requests a minute. Wait for Retry-After seconds, or upgrade the"
                        + " plan.")
                .retryAfter(rate.resetSeconds()),
            request,
            response);
        return;
      }
      request.setAttribute(ApiCaller.ATTRIBUTE, new ApiCaller(key));
      chain.doFilter(request, response);
    } finally {
      Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
      Object credits = request.getAttribute(ApiUsage.CREDITS);
      usage.record(
          key,
          request.getMethod(),
          pattern == null ? "(none)" : pattern.toString(),
          response.getStatus(),
          (System.nanoTime() - started) / 1_000_000,
          credits instanceof Integer c ? c : 0);
    }
  }
}
