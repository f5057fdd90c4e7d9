package dev.pledge.server.accounts;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.shared.StoredSession;
import dev.pledge.server.studio.StudioRequests;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.web.http.CookieHttpSessionIdResolver;
import org.springframework.session.web.http.DefaultCookieSerializer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

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
  FilterRegistrationBean<StudioSessionFilter> studioSessionFilter(
      StudioSessionRepository repository, StudioRequests studio) {
    DefaultCookieSerializer cookie = new DefaultCookieSerializer();
    cookie.setCookieName(COOKIE);
    cookie.setUseHttpOnlyCookie(true);
    cookie.setSameSite("Lax");
    cookie.setUseBase64Encoding(false);
    CookieHttpSessionIdResolver ids = new CookieHttpSessionIdResolver();
    ids.setCookieSerializer(cookie);
    SessionRepositoryFilter<StoredSession> sessions = new SessionRepositoryFilter<>(repository);
    sessions.setHttpSessionIdResolver(ids);
    var registration = new FilterRegistrationBean<>(new StudioSessionFilter(sessions, studio));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    registration.addUrlPatterns("/*");
    return registration;
  }

  @Bean
  RecurringTask<Void> studioIdleSessionsTask(StudioSessionRepository repository) {
    return Tasks.recurring("studio-idle-sessions", FixedDelay.of(Duration.ofMinutes(10)))
        .execute((instance, context) -> repository.deleteIdle());
  }

  /** Spring Session's filter, applied to studio requests only. */
  static final class StudioSessionFilter extends OncePerRequestFilter {

    private final SessionRepositoryFilter<StoredSession> sessions;
    private final StudioRequests studio;

    StudioSessionFilter(SessionRepositoryFilter<StoredSession> sessions, StudioRequests studio) {
      this.sessions = sessions;
      this.studio = studio;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      if (studio.matches(request)) {
        sessions.doFilter(request, response, chain);
      } else {
        chain.doFilter(request, response);
      }
    }
  }
}
