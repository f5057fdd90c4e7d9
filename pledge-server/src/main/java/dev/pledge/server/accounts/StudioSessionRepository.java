package dev.pledge.server.accounts;

import dev.pledge.server.shared.SessionTable;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.Session;

/**
 * The studio's sessions in PostgreSQL ({@code studio_session}), keyed by the SHA-256 of the id (see
 * {@link SessionTable}). Deleting a row — a revocation, "sign out everywhere", a password reset, an
 * erasure — ends the session on its next request, on every instance. The signed-in account, the
 * device and the truncated address are copied into columns so the person can list their sessions;
 * the last use is written at most once a minute ("approximate last use").
 */
class StudioSessionRepository extends SessionTable {

  /** Session attributes the repository copies into columns. */
  static final String DEVICE = StudioSessionRepository.class.getName() + ".device";

  static final String ADDRESS = StudioSessionRepository.class.getName() + ".address";

  StudioSessionRepository(JdbcClient jdbc, Clock clock, Duration idleTimeout) {
    super(jdbc, clock, idleTimeout, "studio_session");
  }

  @Override
  protected Map<String, Object> columns(Session session) {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("account_id", accountOf(session).orElse(null));
    columns.put("device", session.getAttribute(DEVICE));
    columns.put("ip_prefix", session.getAttribute(ADDRESS));
    return columns;
  }

  /** The fully signed-in account of a session, from its security context. */
  private static Optional<String> accountOf(Session session) {
    Object context =
        session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    if (context instanceof SecurityContext c
        && c.getAuthentication() instanceof StudioAuthentication a
        && a.signedIn()) {
      return Optional.of(a.accountId());
    }
    return Optional.empty();
  }
}
