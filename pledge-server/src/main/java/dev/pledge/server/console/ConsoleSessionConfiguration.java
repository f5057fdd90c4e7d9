package dev.pledge.server.console;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.shared.SessionsOnlyFor;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The console's sessions: Spring Session's filter over {@link ConsoleSessionRepository}, for {@code
 * /console/**} at the server root only — never under a property, so the reference site and the
 * engine's pages still get no session. Every instance reads and writes the same rows, so an
 * operator signed in through one is signed in on all. The CSRF token and the page to return to
 * after sign-in are cookies of their own ({@link ConsoleCsrfCookie}, {@link ConsoleReturnCookie}),
 * so an anonymous visit opens no session and writes no row. The idle timeout is {@code
 * server.servlet.session.timeout} (30 minutes unless set), as it was for the servlet container's
 * sessions; the cookie is described in {@link ConsoleSessionCookie}.
 *
 * <p>The filter runs after the property routing (which marks requests under a property) and before
 * Spring Security, which keeps the security context in the session.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSessionConfiguration {

  @Bean
  ConsoleSessionRepository consoleSessionRepository(
      JdbcClient jdbc, Clock clock, ServerProperties server) {
    Duration timeout = server.getServlet().getSession().getTimeout();
    return new ConsoleSessionRepository(
        jdbc, clock, timeout == null ? Duration.ofMinutes(30) : timeout);
  }

  @Bean
  FilterRegistrationBean<SessionsOnlyFor> consoleSessionFilter(
      ConsoleSessionRepository repository, ServerProperties server) {
    RequestMatcher console = PathPatternRequestMatcher.withDefaults().matcher("/console/**");
    return new SessionsOnlyFor(
            repository,
            ConsoleSessionCookie.serializer(server.getServlet().getSession().getCookie()),
            request -> CurrentProperty.of(request).isEmpty() && console.matches(request))
        .registration();
  }

  /**
   * Deletes the sessions idle for longer than their timeout, ended ones never used again included.
   */
  @Bean
  RecurringTask<Void> consoleIdleSessionsTask(ConsoleSessionRepository repository) {
    return Tasks.recurring("console-idle-sessions", FixedDelay.of(Duration.ofMinutes(10)))
        .execute((instance, context) -> repository.deleteIdle());
  }
}
