package dev.pledge.server.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Repository;

/** The operator table: who may sign in to the console, with Argon2id password hashes. */
@Repository
class OperatorAccounts {

  static final int MIN_PASSWORD_LENGTH = 12;

  /** Long enough for any passphrase, short enough that hashing stays cheap to ask for. */
  static final int MAX_PASSWORD_LENGTH = 256;

  private final JdbcClient jdbc;
  private final Clock clock;
  private final PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

  OperatorAccounts(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  PasswordEncoder passwordEncoder() {
    return encoder;
  }

  Optional<Operator> find(String username) {
    return jdbc.sql(
            """
            select id, username, password_hash, created_at, last_login_at
            from operator where username = :username
            """)
        .param("username", username)
        .query(
            (rs, i) ->
                new Operator(
                    rs.getLong("id"),
                    rs.getString("username"),
                    rs.getString("password_hash"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("last_login_at") == null
                        ? null
                        : rs.getTimestamp("last_login_at").toInstant()))
        .optional();
  }

  /** For Spring Security's {@code DaoAuthenticationProvider}. */
  UserDetails userDetails(String username) {
    Operator operator =
        find(username).orElseThrow(() -> new UsernameNotFoundException("no such operator"));
    return User.withUsername(operator.username())
        .password(operator.passwordHash())
        .authorities("ROLE_OPERATOR")
        .build();
  }

  /** Creates an operator; false when the username is taken. */
  boolean create(String username, String password) {
    return jdbc.sql(
                """
                insert into operator (username, password_hash, created_at)
                values (:username, :hash, :now)
                on conflict (username) do nothing
                """)
            .param("username", username)
            .param("hash", encoder.encode(password))
            .param("now", Timestamp.from(clock.instant()))
            .update()
        == 1;
  }

  /**
   * Creates an operator only when there is none at all. Safe when several instances start at once
   * on one database: at most one of them inserts.
   */
  boolean createFirst(String username, String password) {
    return jdbc.sql(
                """
                insert into operator (username, password_hash, created_at)
                select :username, :hash, :now
                where not exists (select 1 from operator)
                on conflict (username) do nothing
                """)
            .param("username", username)
            .param("hash", encoder.encode(password))
            .param("now", Timestamp.from(clock.instant()))
            .update()
        == 1;
  }

  void recordLogin(String username) {
    jdbc.sql("update operator set last_login_at = :now where username = :username")
        .param("now", Timestamp.from(clock.instant()))
        .param("username", username)
        .update();
  }

  boolean passwordMatches(String password, String hash) {
    return encoder.matches(password, hash);
  }

  /**
   * What a password change request came to; {@link #ok()} when the new password is stored.
   *
   * @param wrongCurrent true when the current password given was not the account's (throttled)
   */
  record PasswordChange(String problem, String field, boolean wrongCurrent) {
    static final PasswordChange DONE = new PasswordChange(null, null, false);

    PasswordChange(String problem, String field) {
      this(problem, field, false);
    }

    boolean ok() {
      return problem == null;
    }
  }

  PasswordChange changePassword(
      String username, String current, String replacement, String confirmation) {
    Optional<Operator> operator = find(username);
    if (operator.isEmpty()) {
      return new PasswordChange("This account no longer exists.", "current");
    }
    if (current == null || !encoder.matches(current, operator.get().passwordHash())) {
      return new PasswordChange("The current password is not right.", "current", true);
    }
    if (replacement == null || replacement.length() < MIN_PASSWORD_LENGTH) {
      return new PasswordChange(
          "The new password needs at least " + MIN_PASSWORD_LENGTH + " characters.", "password");
    }
    if (replacement.length() > MAX_PASSWORD_LENGTH) {
      return new PasswordChange(
          "The new password may have at most " + MAX_PASSWORD_LENGTH + " characters.", "password");
    }
    if (!replacement.equals(confirmation)) {
      return new PasswordChange(
          "The two new passwords differ: type the same password twice.", "confirmation");
    }
    if (replacement.equals(current)) {
      return new PasswordChange(
          "The new password is the same as the current one: choose another.", "password");
    }
    jdbc.sql("update operator set password_hash = :hash where id = :id")
        .param("hash", encoder.encode(replacement))
        .param("id", operator.get().id())
        .update();
    return PasswordChange.DONE;
  }
}
