package dev.pledge.server.accounts;

import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioFormExpired;
import dev.pledge.server.studio.StudioHeaders;
import dev.pledge.server.studio.StudioRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Security for the studio's requests (those of {@link StudioRequests}: the studio's property,
 * except the engine's own pages there). Ordered between the console's chain ({@code @Order(10)})
 * and the public one ({@code @Order(100)}), which keeps serving the reference site, the published
 * policies and the privacy centers without a session or a cookie.
 *
 * <p>Form sign-in against the studio's accounts only (its own authentication manager, whatever
 * other modules register), a second factor when enrolled, CSRF tokens in the {@code XSRF-TOKEN}
 * cookie and every form, sessions in {@code studio_session} (see {@link
 * StudioSessionConfiguration}), and a strict content-security policy. Pages need a verified, fully
 * signed-in account unless listed as public; someone half-way (second factor due, address
 * unverified, account deleted) is sent to the step they are at.
 */
@Configuration(proxyBeanMethods = false)
class StudioSecurity {

  static final String SIGN_IN = "/sign-in";

  @Bean
  @Order(50)
  SecurityFilterChain studioChain(
      HttpSecurity http,
      StudioRequests studio,
      AccountRecords accounts,
      SecondFactors secondFactors,
      Passwords passwords,
      SignInThrottles throttles,
      SignInCompletion completion,
      Studio studioBinding,
      PasskeyUsers passkeyUsers,
      PasskeyCredentials passkeys,
      StepUps stepUps,
      PasskeyOptionsInDatabase passkeyOptions,
      StudioFormExpired formExpired,
      Clock clock)
      throws Exception {
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();

    ExceptionMappingAuthenticationFailureHandler failure =
        new ExceptionMappingAuthenticationFailureHandler();
    failure.setExceptionMappings(
        Map.of(
            PasswordSignIn.Throttled.class.getName(), SIGN_IN + "?locked",
            PasswordSignIn.AwaitingParent.class.getName(), SIGN_IN + "?parent"));
    failure.setDefaultFailureUrl(SIGN_IN + "?error");

    CookieCsrfTokenRepository csrf = new CookieCsrfTokenRepository();
    csrf.setCookieCustomizer(c -> c.sameSite("Lax").httpOnly(true));

    PasskeyEndpoints.install(
        http,
        new HostRelyingParty(studioBinding, passkeyUsers, passkeys),
        passkeyUsers,
        passkeys,
        accounts,
        secondFactors,
        stepUps,
        completion,
        csrf,
        passkeyOptions,
        clock);
    http.securityMatcher(studio)
        // A manager of its own, without the global one as parent: only studio accounts sign in
        // here.
        .authenticationManager(
            new ProviderManager(new PasswordSignIn(accounts, secondFactors, passwords, throttles)))
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(studio.unmapped())
                    .permitAll()
                    .requestMatchers(
                        paths.matcher("/"),
                        paths.matcher(SIGN_IN),
                        paths.matcher("/sign-up"),
                        paths.matcher("/sign-up/**"),
                        paths.matcher("/verify-email/confirm"),
                        paths.matcher("/reset"),
                        paths.matcher("/reset/**"),
                        paths.matcher("/parent"),
                        paths.matcher("/parent/**"),
                        paths.matcher("/invite"),
                        paths.matcher("/language"),
                        // The public security page lists disclosed breaches (B-36).
                        paths.matcher("/security"),
                        paths.matcher("/studio-assets/**"),
                        paths.matcher("/favicon.ico"),
                        paths.matcher("/login/webauthn"),
                        paths.matcher("/webauthn/authenticate/options"))
                    .permitAll()
                    .requestMatchers(paths.matcher("/sign-in/code"))
                    .hasAuthority(StudioAuthentication.PASSWORD)
                    .requestMatchers(paths.matcher("/restore"))
                    .hasAuthority(StudioAuthentication.RESTORE)
                    .requestMatchers(
                        paths.matcher("/verify-email"),
                        paths.matcher("/verify-email/resend"),
                        paths.matcher("/sign-out"))
                    .authenticated()
                    .anyRequest()
                    .hasAuthority(StudioAuthentication.VERIFIED))
        .formLogin(
            f ->
                f.loginPage(SIGN_IN)
                    .loginProcessingUrl(SIGN_IN)
                    .usernameParameter("login")
                    .passwordParameter("password")
                    .successHandler(completion)
                    .failureHandler(failure))
        .logout(
            l ->
                l.logoutRequestMatcher(
                        paths.matcher(org.springframework.http.HttpMethod.POST, "/sign-out"))
                    .logoutSuccessUrl("/?signed-out")
                    .invalidateHttpSession(true))
        .csrf(c -> c.csrfTokenRepository(csrf))
        // No saved requests (they would open a session for every anonymous visit): the sign-in
        // page carries the page to return to instead.
        .requestCache(c -> c.disable())
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(entryPoint())
                    .accessDeniedHandler(stepAhead(formExpired)))
        .sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()))
        .headers(
            h ->
                h.contentSecurityPolicy(
                        c -> c.policyDirectives(StudioHeaders.CONTENT_SECURITY_POLICY))
                    .frameOptions(f -> f.deny())
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                    .permissionsPolicyHeader(p -> p.policy(StudioHeaders.PERMISSIONS_POLICY)));
    return http.build();
  }

  /** Not signed in: to the sign-in page, which brings the person back here afterwards. */
  private static AuthenticationEntryPoint entryPoint() {
    return (request, response, e) -> {
      String next = pathOf(request);
      String target =
          request.getContextPath()
              + SIGN_IN
              + ("GET".equals(request.getMethod()) && !"/".equals(next)
                  ? "?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)
                  : "");
      response.sendRedirect(target);
    };
  }

  /**
   * A form posted without its CSRF token (or with a stale one): 403, "the form expired, reload" (it
   * used to fall through to the 404 below). Signed in, but a step short: to that step.
   */
  private static AccessDeniedHandler stepAhead(StudioFormExpired formExpired) {
    return (request, response, e) -> {
      if (e instanceof CsrfException) {
        formExpired.answer(request, response);
        return;
      }
      Authentication auth = SecurityContextHolder.getContext().getAuthentication();
      String to = null;
      if (auth instanceof StudioAuthentication a) {
        if (a.has(StudioAuthentication.RESTORE)) {
          to = "/restore";
        } else if (!a.has(StudioAuthentication.ACCOUNT)) {
          to = "/sign-in/code";
        } else if (!a.has(StudioAuthentication.VERIFIED)) {
          to = "/verify-email";
        }
      }
      if (to == null) {
        response.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      redirect(request, response, to);
    };
  }

  private static void redirect(HttpServletRequest request, HttpServletResponse response, String to)
      throws IOException {
    response.sendRedirect(request.getContextPath() + to);
  }

  static String pathOf(HttpServletRequest request) {
    String uri = request.getRequestURI().substring(request.getContextPath().length());
    String query = request.getQueryString();
    return query == null ? uri : uri + "?" + query;
  }
}
