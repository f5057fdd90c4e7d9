package dev.pledge.server.console;

import dev.pledge.server.TransportSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.session.SessionInformationExpiredEvent;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Security for the operator console: form sign-in against the operator table, CSRF tokens on every
 * form, a session confined to {@code /console} and shared by every instance ({@link
 * ConsoleSessionConfiguration}), and a content-security policy that runs only the server's own
 * scripts. Ordered before the public chain, which would otherwise let everything through without a
 * session.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

  static final String LOGIN = "/console/login";

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  /** Every signed-in operator's sessions, so a password change can end the others. */
  @Bean
  SessionRegistry operatorSessions(ConsoleSessionRepository sessions) {
    return new ConsoleSessionRegistry(sessions);
  }

  @Bean
  @Order(10)
  SecurityFilterChain consoleChain(
      HttpSecurity http,
      OperatorAccounts accounts,
      LoginThrottle throttle,
      SessionRegistry operatorSessions,
      TransportSettings transport,
      ServerProperties server)
      throws Exception {
    DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts::userDetails);
    passwords.setPasswordEncoder(accounts.passwordEncoder());
    // A manager of our own, without the global one as parent: operators are the only accounts
    // this chain knows, whatever other modules register.
    ProviderManager manager = new ProviderManager(new ThrottledAuthentication(passwords, throttle));

    // A throttled sign-in is told how long to wait, in whole minutes (the page says it).
    SimpleUrlAuthenticationFailureHandler wrong =
        new SimpleUrlAuthenticationFailureHandler(LOGIN + "?error");
    // The page says what went wrong from its query string: a wrong password opens no session.
    wrong.setAllowSessionCreation(false);
    AuthenticationFailureHandler failure =
        (request, response, e) -> {
          if (e instanceof ThrottledAuthentication.ThrottledException throttled) {
            // Not audited: nothing was checked, and a flood of refusals must not fill the trail.
            long minutes = Math.max(1, (throttled.waitFor().toSeconds() + 59) / 60);
            response.sendRedirect(request.getContextPath() + LOGIN + "?locked=" + minutes);
          } else {
            if (e instanceof BadCredentialsException) {
              accounts.recordFailedLogin(request.getParameter("username"));
            }
            wrong.onAuthenticationFailure(request, response, e);
          }
        };

    ConsoleReturnCookie returnTo =
        new ConsoleReturnCookie(server.getServlet().getSession().getCookie().getSecure());
    SavedRequestAwareAuthenticationSuccessHandler success =
        new SavedRequestAwareAuthenticationSuccessHandler() {
          @Override
          public void onAuthenticationSuccess(
              HttpServletRequest request, HttpServletResponse response, Authentication auth)
              throws IOException, jakarta.servlet.ServletException {
            accounts.recordLogin(auth.getName());
            super.onAuthenticationSuccess(request, response, auth);
          }
        };
    success.setDefaultTargetUrl("/console/");
    success.setRequestCache(returnTo);
    org.springframework.boot.web.server.Cookie sessionCookie =
        server.getServlet().getSession().getCookie();

    // Explicit path-pattern matchers: they keep meaning the same if another servlet is ever
    // registered next to Spring MVC's. "/console/**" matches "/console" itself as well.
    PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
    http.securityMatcher(paths.matcher("/console/**"))
        .addFilterBefore(new ConsoleOnlyAtServerRoot(), DisableEncodeUrlFilter.class)
        .authenticationManager(manager)
        .authorizeHttpRequests(
            a ->
                a.requestMatchers(
                        paths.matcher(LOGIN),
                        paths.matcher("/console/assets/*.css"),
                        paths.matcher("/console/assets/*.js"),
                        paths.matcher("/console/assets/*.svg"))
                    .permitAll()
                    .anyRequest()
                    .authenticated())
        .formLogin(
            f ->
                f.loginPage(LOGIN)
                    .loginProcessingUrl(LOGIN)
                    .successHandler(success)
                    .failureHandler(failure))
        .logout(
            l ->
                l.logoutUrl("/console/logout")
                    .logoutSuccessUrl(LOGIN + "?logout")
                    .addLogoutHandler(
                        (request, response, auth) -> {
                          if (auth != null) {
                            accounts.recordLogout(auth.getName());
                          }
                        })
                    .addLogoutHandler(
                        new CookieClearingLogoutHandler(
                            ConsoleSessionCookie.expired(ConsoleSessionCookie.NAME))))
        // The JSON API answers 401 instead of redirecting a script to the sign-in page; every
        // other page still redirects, whatever its Accept header.
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint(entryPoint(paths))
                    .defaultAccessDeniedHandlerFor(
                        ConsoleSecurity::apiDenied, paths.matcher("/console/api/**")))
        .addFilterBefore(new ConsoleApiBodyLimit(), CsrfFilter.class)
        // Neither the CSRF token nor the page to come back to is kept in a session: an anonymous
        // visit opens none, so a flood of them writes no console_session row.
        .csrf(c -> c.csrfTokenRepository(ConsoleCsrfCookie.repository(sessionCookie)))
        .requestCache(c -> c.requestCache(returnTo))
        .sessionManagement(
            s ->
                s.sessionFixation(f -> f.changeSessionId())
                    // Any number of sessions, but registered: one that was ended elsewhere (a
                    // password change) is signed out at its next request.
                    .maximumSessions(-1)
                    .sessionRegistry(operatorSessions)
                    .expiredSessionStrategy(ConsoleSecurity::sessionEnded))
        .headers(
            h ->
                h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                    .httpStrictTransportSecurity(transport::hsts)
                    .frameOptions(f -> f.deny())
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN)));
    return http.build();
  }

  /** A session ended by a password change elsewhere: sign in again (scripts get a 401). */
  private static void sessionEnded(SessionInformationExpiredEvent event) throws IOException {
    HttpServletRequest request = event.getRequest();
    HttpServletResponse response = event.getResponse();
    if (ApiErrors.isApi(request)) {
      ApiErrors.write(
          response,
          HttpStatus.UNAUTHORIZED.value(),
          "session",
          "This session was ended because the account's password changed. Sign in again.");
    } else {
      response.sendRedirect(request.getContextPath() + LOGIN + "?ended");
    }
  }

  /** A script refused by CSRF protection (or anything else): the API's errors object, 403. */
  private static void apiDenied(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
      throws IOException {
    if (denied instanceof CsrfException) {
      ApiErrors.write(
          response,
          HttpStatus.FORBIDDEN.value(),
          "X-CSRF-TOKEN",
          "The CSRF token is missing or not this session's. Send the token of your console"
              + " session (the _csrf field of any console form) in the X-CSRF-TOKEN header, with"
              + " the session cookie and the CONSOLE-XSRF-TOKEN cookie set with the form.");
    } else {
      ApiErrors.write(
          response, HttpStatus.FORBIDDEN.value(), "session", "This session may not do this.");
    }
  }

  private static AuthenticationEntryPoint entryPoint(PathPatternRequestMatcher.Builder paths) {
    LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> byPath = new LinkedHashMap<>();
    byPath.put(
        paths.matcher("/console/api/**"),
        (request, response, e) ->
            ApiErrors.write(
                response,
                HttpStatus.UNAUTHORIZED.value(),
                "session",
                "Sign in first: post username and password to "
                    + LOGIN
                    + ", then send the"
                    + " session cookie it sets with every request."));
    DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(byPath);
    entryPoint.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint(LOGIN));
    return entryPoint;
  }
}
