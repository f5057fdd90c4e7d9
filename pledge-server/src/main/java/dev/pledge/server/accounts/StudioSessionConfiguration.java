package dev.pledge.server.accounts;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.shared.SessionsOnlyFor;
import dev.pledge.server.studio.StudioRequests;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The studio's sessions: Spring Session's filter over {@link StudioSessionRepository}, for studio
 * requests only — the console has a table and a filter of its own (cookie scoped to {@code
 * /console}), and the reference site and the engine's pages never get a session. The cookie is the
 * policy's {@code JSESSIONID} (essential): HttpOnly, SameSite=Lax (a link from an e-mail arrives
 * signed in; forms carry a CSRF token anyway), Secure whenever the request came over TLS, and
 * scoped to the studio — {@code /p/image-studio/} under the prefix, {@code /} on its own host.
 *
 * <p>The filter runs after the property routing (which sets the property and the prefix as the
 * context path) and before Spring Security, which keeps the security context in the session.
 */
@Configuration(proxyBeanMethods = false)
class StudioSessionConfiguration {

  static final String COOKIE = "JSESSIONID";

  @Bean
  StudioSessionRepository studioSessionRepository(
      JdbcClient jdbc,
      Clock clock,
      @Value("${pledge.studio.session-idle-timeout:PT12H}") Duration idleTimeout) {
    return new StudioSessionRepository(jdbc, clock, idleTimeout);
  }

  @Bean
  FilterRegistrationBean<SessionsOnlyFor> studioSessionFilter(
      StudioSessionRepository repository, StudioRequests studio) {
    DefaultCookieSerializer cookie = new DefaultCookieSerializer();
    cookie.setCookieName(COOKIE);
    cookie.setUseHttpOnlyCookie(true);
    cookie.setSameSite("Lax");
    cookie.setUseBase64Encoding(false);
    return new SessionsOnlyFor(repository, cookie, studio::matches).registration();
  }

  /**
   * Ends idle sessions, and deletes the options of passkey registrations past their five minutes.
   */
  @Bean
  RecurringTask<Void> studioIdleSessionsTask(
      StudioSessionRepository repository, PasskeyOptionsInDatabase passkeyOptions) {
    return Tasks.recurring("studio-idle-sessions", FixedDelay.of(Duration.ofMinutes(10)))
        .execute(
            (instance, context) -> {
              repository.deleteIdle();
              passkeyOptions.deleteExpired();
            });
  }
}
