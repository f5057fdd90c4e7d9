package dev.pledge.server.accounts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.MapSession;
import org.springframework.session.SessionRepository;

/**
 * The studio's sessions in PostgreSQL ({@code studio_session}), for Spring Session's filter. The id
 * exists only in the browser's cookie; the table keys the row by its SHA-256, so a copy of the
 * table signs nobody in. The row is read on every request of the session: deleting it — a
 * revocation, "sign out everywhere", a password reset, an erasure — ends the session on its next
 * request, on every instance. The signed-in account, the device and the truncated address are
 * copied into columns so the person can list their sessions; the last use is written at most once a
 * minute ("approximate last use").
 */
class StudioSessionRepository implements SessionRepository<StudioSession> {

  private static final Logger log = LoggerFactory.getLogger(StudioSessionRepository.class);

  /** Session attributes the repository copies into columns. */
  static final String DEVICE = StudioSessionRepository.class.getName() + ".device";

  static final String ADDRESS = StudioSessionRepository.class.getName() + ".address";

  /** What a session may hold: the JDK's values, Spring Security's and Pledge's own types. */
  private static final ObjectInputFilter ATTRIBUTE_TYPES =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=20;java.**;org.springframework.security.**;dev.pledge.**;!*");

  private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration idleTimeout;

  StudioSessionRepository(JdbcClient jdbc, Clock clock, Duration idleTimeout) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
  }

  /** 256 random bits, base64url: the session id a cookie carries. */
  static String newId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  static byte[] hash(String sessionId) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(sessionId.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hash of a session id in hex, as an in-memory key that is not the id itself. */
  static String hashHex(String sessionId) {
    return java.util.HexFormat.of().formatHex(hash(sessionId));
  }

  @Override
  public StudioSession createSession() {
    MapSession session = new MapSession(StudioSessionRepository::newId);
    Instant now = clock.instant();
    session.setCreationTime(now);
    session.setLastAccessedTime(now);
    session.setMaxInactiveInterval(idleTimeout);
    return new StudioSession(session);
  }

  @Override
  public void save(StudioSession session) {
    Instant now = clock.instant();
    byte[] hash = hash(session.getId());
    if (session.isNew()) {
      jdbc.sql(
              """
              insert into studio_session (session_hash, account_id, created_at, last_used_at,
                max_inactive_seconds, device, ip_prefix, attributes)
              values (:hash, :account, :created, :now, :max, :device, :ip, :attributes)
              on conflict (session_hash) do nothing
              """)
          .param("hash", hash)
          .param("account", accountOf(session).orElse(null))
          .param("created", Timestamp.from(session.getCreationTime()))
          .param("now", Timestamp.from(now))
          .param("max", (int) session.getMaxInactiveInterval().toSeconds())
          .param("device", session.getAttribute(DEVICE))
          .param("ip", session.getAttribute(ADDRESS))
          .param("attributes", serialise(session))
          .update();
      return;
    }
    boolean idChanged = !MessageDigest.isEqual(hash, session.storedHash());
    if (session.attributesChanged() || idChanged) {
      int updated =
          jdbc.sql(
                  """
                  update studio_session set session_hash = :hash, account_id = :account,
                    last_used_at = :now, max_inactive_seconds = :max, device = :device,
                    ip_prefix = :ip, attributes = :attributes
                  where session_hash = :stored
                  """)
              .param("hash", hash)
              .param("account", accountOf(session).orElse(null))
              .param("now", Timestamp.from(now))
              .param("max", (int) session.getMaxInactiveInterval().toSeconds())
              .param("device", session.getAttribute(DEVICE))
              .param("ip", session.getAttribute(ADDRESS))
              .param("attributes", serialise(session))
              .param("stored", session.storedHash())
              .update();
      if (updated == 0) {
        // Revoked while this request ran: it stays revoked. The next request finds no session.
        log.debug("A studio session was revoked during its request; not written back");
      }
      return;
    }
    if (session.storedLastUse() == null
        || session.storedLastUse().plus(LAST_USE_PRECISION).isBefore(now)) {
      jdbc.sql("update studio_session set last_used_at = :now where session_hash = :stored")
          .param("now", Timestamp.from(now))
          .param("stored", session.storedHash())
          .update();
    }
  }

  @Override
  public StudioSession findById(String id) {
    if (id == null || id.length() > 100) {
      return null;
    }
    byte[] hash = hash(id);
    Instant now = clock.instant();
    record Row(Instant created, Instant lastUsed, int maxInactive, byte[] attributes) {}
    Optional<Row> row =
        jdbc.sql(
                """
                select created_at, last_used_at, max_inactive_seconds, attributes
                from studio_session where session_hash = :hash
                """)
            .param("hash", hash)
            .query(
                (rs, i) ->
                    new Row(
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("last_used_at").toInstant(),
                        rs.getInt("max_inactive_seconds"),
                        rs.getBytes("attributes")))
            .optional();
    if (row.isEmpty()) {
      return null;
    }
    Row r = row.get();
    if (r.lastUsed().plusSeconds(r.maxInactive()).isBefore(now)) {
      deleteById(id);
      return null;
    }
    Map<String, Object> attributes = deserialise(r.attributes());
    if (attributes == null) {
      deleteById(id); // written by an incompatible version: start afresh
      return null;
    }
    MapSession session = new MapSession(id);
    session.setSessionIdGenerator(StudioSessionRepository::newId);
    session.setCreationTime(r.created());
    session.setLastAccessedTime(now);
    session.setMaxInactiveInterval(Duration.ofSeconds(r.maxInactive()));
    attributes.forEach(session::setAttribute);
    return new StudioSession(session, hash, r.lastUsed());
  }

  @Override
  public void deleteById(String id) {
    jdbc.sql("delete from studio_session where session_hash = :hash")
        .param("hash", hash(id))
        .update();
  }

  /** Ends every session whose idle time ran out; returns how many. */
  int deleteIdle() {
    return jdbc.sql(
            """
            delete from studio_session
            where last_used_at + make_interval(secs => max_inactive_seconds) < :now
            """)
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  /** The fully signed-in account of a session, from its security context. */
  private static Optional<String> accountOf(StudioSession session) {
    Object context =
        session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
    if (context instanceof SecurityContext c
        && c.getAuthentication() instanceof StudioAuthentication a
        && a.signedIn()) {
      return Optional.of(a.accountId());
    }
    return Optional.empty();
  }

  private static byte[] serialise(StudioSession session) {
    HashMap<String, Object> attributes = new HashMap<>();
    for (String name : session.getAttributeNames()) {
      attributes.put(name, session.getAttribute(name));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(attributes);
    } catch (IOException e) {
      throw new IllegalStateException(
          "A studio session attribute cannot be serialised; keep only serialisable values in the"
              + " session",
          e);
    }
    return bytes.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deserialise(byte[] bytes) {
    try (ObjectInputStream in =
        new ConfigurableObjectInputStream(
            new ByteArrayInputStream(bytes), StudioSessionRepository.class.getClassLoader())) {
      in.setObjectInputFilter(ATTRIBUTE_TYPES);
      return (Map<String, Object>) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return null;
    }
  }
}
