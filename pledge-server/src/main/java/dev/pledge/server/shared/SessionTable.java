package dev.pledge.server.shared;

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
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ConfigurableObjectInputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.MapSession;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/**
 * Sessions in a PostgreSQL table, for Spring Session's filter, so that every instance knows every
 * session. The id exists only in the browser's cookie; the table keys the row by its SHA-256, so a
 * copy of the table signs nobody in. The row is read on every request of the session: deleting it
 * ends the session at its next request, on every instance. The last use is written at most once a
 * minute. The attributes are sealed with a key derived from the id ({@link SessionSeal}): the table
 * alone opens none of them.
 *
 * <p>The table has the columns {@code session_hash, created_at, last_used_at, max_inactive_seconds,
 * attributes} and whatever {@link #columns} copies out of a session (who is signed in, for
 * instance) so that rows can be found by it.
 */
public abstract class SessionTable implements SessionRepository<StoredSession> {

  private static final Logger log = LoggerFactory.getLogger(SessionTable.class);

  /**
   * What a session may hold: the JDK's values, Spring Security's, Spring MVC's flash attributes
   * (with their target parameters) and Pledge's own types — nothing else is ever deserialised.
   */
  private static final ObjectInputFilter ATTRIBUTE_TYPES =
      ObjectInputFilter.Config.createFilter(
          "maxdepth=20;java.**;org.springframework.security.**;"
              + "org.springframework.web.servlet.FlashMap;"
              + "org.springframework.util.LinkedMultiValueMap;"
              + "org.springframework.util.MultiValueMapAdapter;dev.pledge.**;!*");

  private static final Duration LAST_USE_PRECISION = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final Clock clock;
  private final Duration idleTimeout;
  private final String table;

  /** {@code table} is a constant of the subclass, never outside input. */
  protected SessionTable(JdbcClient jdbc, Clock clock, Duration idleTimeout, String table) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    this.table = table;
  }

  /**
   * The columns besides the generic ones, by name (constants of the subclass), with their values
   * for {@code session}; written whenever the attributes are.
   */
  protected abstract Map<String, Object> columns(Session session);

  /** 256 random bits, base64url: the session id a cookie carries. */
  public static String newId() {
    byte[] id = new byte[32];
    RANDOM.nextBytes(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  /** The key of a session's row: SHA-256 of its id. */
  public static byte[] hash(String sessionId) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(sessionId.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The hash of a session id in hex, as an in-memory key that is not the id itself. */
  public static String hashHex(String sessionId) {
    return HexFormat.of().formatHex(hash(sessionId));
  }

  protected final JdbcClient jdbc() {
    return jdbc;
  }

  protected final Clock clock() {
    return clock;
  }

  @Override
  public StoredSession createSession() {
    MapSession session = new MapSession(SessionTable::newId);
    Instant now = clock.instant();
    session.setCreationTime(now);
    session.setLastAccessedTime(now);
    session.setMaxInactiveInterval(idleTimeout);
    return new StoredSession(session);
  }

  @Override
  public void save(StoredSession session) {
    Instant now = clock.instant();
    byte[] hash = hash(session.getId());
    Map<String, Object> columns = columns(session);
    if (session.isNew()) {
      String names = columns.keySet().stream().map(c -> ", " + c).collect(Collectors.joining());
      String values = columns.keySet().stream().map(c -> ", :" + c).collect(Collectors.joining());
      var insert =
          jdbc.sql(
                  "insert into "
                      + table
                      + " (session_hash, created_at, last_used_at, max_inactive_seconds,"
                      + " attributes"
                      + names
                      + ") values (:hash, :created, :now, :max, :attributes"
                      + values
                      + ") on conflict (session_hash) do nothing")
              .param("hash", hash)
              .param("created", Timestamp.from(session.getCreationTime()))
              .param("now", Timestamp.from(now))
              .param("max", (int) session.getMaxInactiveInterval().toSeconds())
              .param("attributes", serialise(session));
      for (Map.Entry<String, Object> c : columns.entrySet()) {
        insert = insert.param(c.getKey(), c.getValue());
      }
      insert.update();
      return;
    }
    boolean idChanged = !MessageDigest.isEqual(hash, session.storedHash());
    if (session.attributesChanged() || idChanged) {
      String sets =
          columns.keySet().stream().map(c -> ", " + c + " = :" + c).collect(Collectors.joining());
      var update =
          jdbc.sql(
                  "update "
                      + table
                      + " set session_hash = :hash, last_used_at = :now,"
                      + " max_inactive_seconds = :max, attributes = :attributes"
                      + sets
                      + " where session_hash = :stored")
              .param("hash", hash)
              .param("now", Timestamp.from(now))
              .param("max", (int) session.getMaxInactiveInterval().toSeconds())
              .param("attributes", serialise(session))
              .param("stored", session.storedHash());
      for (Map.Entry<String, Object> c : columns.entrySet()) {
        update = update.param(c.getKey(), c.getValue());
      }
      if (update.update() == 0) {
        // Revoked while this request ran: it stays revoked. The next request finds no session.
        log.debug("A session of {} was revoked during its request; not written back", table);
      }
      return;
    }
    if (session.storedLastUse() == null
        || session.storedLastUse().plus(LAST_USE_PRECISION).isBefore(now)) {
      jdbc.sql("update " + table + " set last_used_at = :now where session_hash = :stored")
          .param("now", Timestamp.from(now))
          .param("stored", session.storedHash())
          .update();
    }
  }

  @Override
  public StoredSession findById(String id) {
    if (id == null || id.length() > 100) {
      return null;
    }
    byte[] hash = hash(id);
    Instant now = clock.instant();
    record Row(Instant created, Instant lastUsed, int maxInactive, byte[] attributes) {}
    Optional<Row> row =
        jdbc.sql(
                "select created_at, last_used_at, max_inactive_seconds, attributes from "
                    + table
                    + " where session_hash = :hash")
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
    Map<String, Object> attributes = deserialise(SessionSeal.open(id, table, r.attributes()));
    if (attributes == null) {
      deleteById(id); // written by an incompatible version: start afresh
      return null;
    }
    MapSession session = new MapSession(id);
    session.setSessionIdGenerator(SessionTable::newId);
    session.setCreationTime(r.created());
    session.setLastAccessedTime(now);
    session.setMaxInactiveInterval(Duration.ofSeconds(r.maxInactive()));
    attributes.forEach(session::setAttribute);
    return new StoredSession(session, hash, r.lastUsed());
  }

  @Override
  public void deleteById(String id) {
    jdbc.sql("delete from " + table + " where session_hash = :hash")
        .param("hash", hash(id))
        .update();
  }

  /** Ends every session whose idle time ran out; returns how many. */
  public int deleteIdle() {
    return jdbc.sql(
            "delete from "
                + table
                + " where last_used_at + make_interval(secs => max_inactive_seconds) < :now")
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  private byte[] serialise(StoredSession session) {
    HashMap<String, Object> attributes = new HashMap<>();
    for (String name : session.getAttributeNames()) {
      attributes.put(name, session.getAttribute(name));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(attributes);
    } catch (IOException e) {
      throw new IllegalStateException(
          "A session attribute of "
              + table
              + " cannot be serialised; keep only serialisable values in the session",
          e);
    }
    return SessionSeal.seal(session.getId(), table, bytes.toByteArray());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deserialise(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try (ObjectInputStream in =
        new ConfigurableObjectInputStream(
            new ByteArrayInputStream(bytes), SessionTable.class.getClassLoader())) {
      in.setObjectInputFilter(ATTRIBUTE_TYPES);
      return (Map<String, Object>) in.readObject();
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return null;
    }
  }
}
