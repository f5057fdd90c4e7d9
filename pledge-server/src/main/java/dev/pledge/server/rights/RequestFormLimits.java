package dev.pledge.server.rights;

import dev.pledge.server.shared.SaltedKeys;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rate limits of the privacy center's form: per client address, against flooding, and per target
 * e-mail address, so that nobody can fill a stranger's inbox with acknowledgements or probe many
 * addresses. A token bucket each, refilled evenly over the window, counted in PostgreSQL ({@code
 * privacy_form_limit}) so that every instance on the database takes from the same allowance. Keys
 * are stored only as salted hashes, and a row only until twice its window has passed.
 */
@Component
class RequestFormLimits {

  private final JdbcClient jdbc;
  private final Clock clock;
  private final int perClient;
  private final int perAddress;
  private final Duration window;
  private final SaltedKeys keys;

  RequestFormLimits(
      JdbcClient jdbc,
      Clock clock,
      @Value("${pledge.rights.form.per-client:10}") int perClient,
      @Value("${pledge.rights.form.per-address:3}") int perAddress,
      @Value("${pledge.rights.form.window:PT1H}") Duration window) {
    this.jdbc = jdbc;
    this.keys = new SaltedKeys(jdbc, "privacy_form_limit_salt");
    this.clock = clock;
    this.perClient = perClient;
    this.perAddress = perAddress;
    this.window = window;
  }

  /** Takes one submission from the client's allowance; false when it is used up. */
  boolean client(String clientAddress) {
    return take("client", clientAddress, perClient);
  }

  /** Takes one request for this e-mail address from its allowance; false when it is used up. */
  boolean address(String addressKey) {
    return take("address", addressKey, perAddress);
  }

  Duration window() {
    return window;
  }

  /**
   * One statement, so that two instances taking from one bucket at once both count: a new bucket
   * starts full less this token; an existing one is refilled for the time since and loses a token
   * only if it has one (no row comes back when it has none).
   */
  private boolean take(String name, String key, int capacity) {
    Timestamp now = Timestamp.from(clock.instant());
    double perSecond = capacity / (double) window.toSeconds();
    boolean taken =
        jdbc.sql(
                """
                insert into privacy_form_limit as b (name, key_hash, tokens, updated_at)
                values (:n, :k, :cap - 1, :now)
                on conflict (name, key_hash) do update set
                  tokens = least(:cap, b.tokens
                    + greatest(0, extract(epoch from (:now - b.updated_at))) * :rate) - 1,
                  updated_at = greatest(b.updated_at, :now)
                where least(:cap, b.tokens
                  + greatest(0, extract(epoch from (:now - b.updated_at))) * :rate) >= 1
                returning tokens
                """)
            .param("n", name)
            .param("k", keys.hash(name, key))
            .param("cap", (double) capacity)
            .param("now", now)
            .param("rate", perSecond)
            .query(Double.class)
            .optional()
            .isPresent();
    jdbc.sql("delete from privacy_form_limit where name = :n and updated_at < :old")
        .param("n", name)
        .param("old", Timestamp.from(now.toInstant().minus(window.multipliedBy(2))))
        .update();
    return taken;
  }
}
