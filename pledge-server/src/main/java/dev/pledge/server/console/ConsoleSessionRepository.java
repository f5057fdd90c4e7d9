package dev.pledge.server.console;

import dev.pledge.server.shared.SessionTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;

/**
 * The console's sessions in PostgreSQL ({@code console_session}), keyed by the SHA-256 of the id
 * (see {@link SessionTable}), so that an operator signed in on one instance is signed in on all.
 * The signed-in operator is copied into a column, so that a password change can end the operator's
 * other sessions wherever they are used next.
 */
class ConsoleSessionRepository extends SessionTable {

  ConsoleSessionRepository(JdbcClient jdbc, Clock clock, Duration idleTimeout) {
    super(jdbc, clock, idleTimeout, "console_session");
  }

  @Override
  protected Map<String, Object> columns(Session session) {
    Map<String, Object> columns = new HashMap<>();
    columns.put("operator", operatorOf(session).orElse(null));
    return columns;
  }

  /**
   * Marks every other session of {@code operator} as ended, and returns how many: each is signed
   * out at its next request, on whichever instance, and told why. The session {@code currentId}
   * stays.
   */
  int endOthers(String operator, String currentId) {
    return jdbc()
        .sql(
            """
            update console_session set ended = true
            where operator = :operator and session_hash <> :current and not ended
            """)
        .param("operator", operator)
        .param("current", currentId == null ? new byte[0] : hash(currentId))
        .update();
  }

  /** The operator signed in on session {@code id}, and whether the session was ended since. */
  Optional<SignedIn> signedIn(String id) {
    return jdbc()
        .sql(
            """
            select operator, last_used_at, ended from console_session
            where session_hash = :hash and operator is not null
            """)
        .param("hash", hash(id))
        .query(
            (rs, i) ->
                new SignedIn(
                    rs.getString("operator"),
                    rs.getTimestamp("last_used_at").toInstant(),
                    rs.getBoolean("ended")))
        .optional();
  }

  record SignedIn(String operator, Instant lastUsed, boolean ended) {}

  private static Optional<String> operatorOf(Session session) {
    Object context =
        session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    if (context instanceof SecurityContext c
        && c.getAuthentication() != null
        && c.getAuthentication().isAuthenticated()
        && !(c.getAuthentication() instanceof AnonymousAuthenticationToken)) {
      return Optional.of(c.getAuthentication().getName());
    }
    return Optional.empty();
  }
}
