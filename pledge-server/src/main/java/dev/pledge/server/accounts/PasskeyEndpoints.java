package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.session.ChangeSessionIdAuthenticationStrategy;
import org.springframework.security.web.authentication.session.CompositeSessionAuthenticationStrategy;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfAuthenticationStrategy;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.security.web.webauthn.authentication.PublicKeyCredentialRequestOptionsFilter;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationFilter;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsFilter;
import org.springframework.security.web.webauthn.registration.WebAuthnRegistrationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's passkey filters in the studio's chain, wired by hand rather than with {@code
 * http.webAuthn()} so that they use the studio's accounts, its host names and its sessions: sign-in
 * ({@code POST /login/webauthn} after {@code /webauthn/authenticate/options}) ends like every other
 * sign-in — new session id, new CSRF token, device recorded — and answers JSON for the page's
 * script; registration ({@code /webauthn/register/options}, {@code /webauthn/register}) needs a
 * verified, signed-in account and, when it has two-step verification, a fresh second factor (a new
 * way in is a sensitive change).
 */
final class PasskeyEndpoints {

  private PasskeyEndpoints() {}

  static void install(
      HttpSecurity http,
      WebAuthnRelyingPartyOperations relyingParty,
      PasskeyUsers users,
      PasskeyCredentials credentials,
      AccountRecords accounts,
      SecondFactors factors,
      StepUps stepUps,
      SignInCompletion completion,
      CsrfTokenRepository csrf,
      PasskeyOptionsInDatabase creationOptions,
      java.time.Clock clock) {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();

    WebAuthnAuthenticationFilter signIn = new WebAuthnAuthenticationFilter();
    signIn.setAuthenticationManager(
        new ProviderManager(new PasskeySignIn(relyingParty, users, accounts)));
    signIn.setSessionAuthenticationStrategy(
        new CompositeSessionAuthenticationStrategy(
            List.of(
                new ChangeSessionIdAuthenticationStrategy(),
                new CsrfAuthenticationStrategy(csrf))));
    signIn.setAuthenticationSuccessHandler(success(completion, stepUps, clock));
    signIn.setAuthenticationFailureHandler(failure());

    PublicKeyCredentialCreationOptionsFilter registerOptions =
        new PublicKeyCredentialCreationOptionsFilter(relyingParty);
    registerOptions.setCreationOptionsRepository(creationOptions);
    WebAuthnRegistrationFilter register = new WebAuthnRegistrationFilter(credentials, relyingParty);
    register.setCreationOptionsRepository(creationOptions);
    // Passkeys are removed from the security page (a form), not by this filter's DELETE.
    register.setRemoveCredentialMatcher(request -> false);

    RequestMatcher registration =
        request ->
            paths.matcher(HttpMethod.POST, "/webauthn/register/options").matches(request)
                || paths.matcher(HttpMethod.POST, "/webauthn/register").matches(request);

    http.addFilterBefore(signIn, BasicAuthenticationFilter.class);
    http.addFilterBefore(
        new PublicKeyCredentialRequestOptionsFilter(relyingParty), AuthorizationFilter.class);
    http.addFilterAfter(
        new RegistrationGate(registration, factors, stepUps), AuthorizationFilter.class);
    http.addFilterAfter(registerOptions, RegistrationGate.class);
    http.addFilterAfter(register, PublicKeyCredentialCreationOptionsFilter.class);
  }

  /** Signed in with a passkey: the session learns its device, then the page's script goes on. */
  private static AuthenticationSuccessHandler success(
      SignInCompletion completion, StepUps stepUps, java.time.Clock clock) {
    return (request, response, authentication) -> {
      StudioAuthentication auth = (StudioAuthentication) authentication;
      completion.describe(request, request.getSession(true));
      if (auth.signedIn()) {
        stepUps.confirmed(request.getSession(true), clock.instant());
      }
      String next =
          auth.has(StudioAuthentication.RESTORE)
              ? "/restore"
              : StudioPaths.local(request.getParameter("next"));
      json(
          response,
          HttpServletResponse.SC_OK,
          "{\"authenticated\":true,\"redirectUrl\":\""
              + (request.getContextPath() + next).replace("\\", "").replace("\"", "")
              + "\"}");
    };
  }

  private static AuthenticationFailureHandler failure() {
    return (request, response, e) ->
        json(
            response,
            e instanceof PasswordSignIn.AwaitingParent ? 403 : 401,
            "{\"authenticated\":false}");
  }

  private static void json(HttpServletResponse response, int status, String body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Registering a passkey needs a verified, fully signed-in account — the options filter would
   * serve anyone authenticated, even someone still owing their second factor — and a fresh second
   * factor when the account has one.
   */
  static final class RegistrationGate extends OncePerRequestFilter {
    private final RequestMatcher registration;
    private final SecondFactors factors;
    private final StepUps stepUps;

    RegistrationGate(RequestMatcher registration, SecondFactors factors, StepUps stepUps) {
      this.registration = registration;
      this.factors = factors;
      this.stepUps = stepUps;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (registration.matches(request)) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (!(auth instanceof StudioAuthentication a) || !a.has(StudioAuthentication.VERIFIED)) {
          json(response, HttpServletResponse.SC_FORBIDDEN, "{\"success\":false}");
          return;
        }
        if (factors.enrolled(a.accountId()) && !stepUps.fresh(request.getSession(false))) {
          json(response, HttpServletResponse.SC_FORBIDDEN, "{\"success\":false,\"stepUp\":true}");
          return;
        }
      }
      chain.doFilter(request, response);
    }
  }
}
