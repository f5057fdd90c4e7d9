package dev.pledge.server.console;

import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
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
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator table: who may sign in to the console, with Argon2id password hashes. Every change
 * to who can act on personal data — an account created, a sign-in, a failed one, a sign-out, a
 * password changed — is an audit entry, written in the transaction of the change.
 */
@Repository
class OperatorAccounts {

  static final int MIN_PASSWORD_LENGTH = 12;

  /** Long enough for any passphrase, short enough that hashing stays cheap to ask for. */
  static final int MAX_PASSWORD_LENGTH = 256;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final Clock clock;
  private final PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();

  OperatorAccounts(JdbcClient jdbc, TransactionTemplate tx, AuditTrail audit, Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
  }

  /** The audit actor of an operator. */
  static String actor(String username) {
    return "operator:" + username;
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
    String hash = encoder.encode(password);
    return Boolean.TRUE.equals(
        tx.execute(
            t -> {
              boolean created =
                  jdbc.sql(
                              """
                              insert into operator (username, password_hash, created_at)
                              select :username, :hash, :now
                              where not exists (select 1 from operator)
                              on conflict (username) do nothing
                              """)
                          .param("username", username)
                          .param("hash", hash)
                          .param("now", Timestamp.from(clock.instant()))
                          .update()
                      == 1;
              if (created) {
                audit.append(
                    AuditRecord.of("system:startup", "operator.created")
                        .detail("operator", username));
              }
              return created;
            }));
  }

  /** A sign-in: when the account was last used, and the audit entry. */
  void recordLogin(String username) {
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("update operator set last_login_at = :now where username = :username")
              .param("now", Timestamp.from(clock.instant()))
              .param("username", username)
              .update();
          audit.append(AuditRecord.of(actor(username), "operator.signed-in"));
        });
  }

  /**
   * A sign-in refused for its password. The name typed is recorded only when it is an operator's:
   * anything else typed there may be a password or a person's address typed in the wrong field.
   */
  void recordFailedLogin(String typedUsername) {
    boolean known = typedUsername != null && find(typedUsername).isPresent();
    AuditRecord record =
        AuditRecord.of("anonymous", "operator.sign-in-failed")
            .detail("why", known ? "wrong-password" : "unknown-account");
    audit.append(known ? record.detail("operator", typedUsername) : record);
  }

  void recordLogout(String username) {
    audit.append(AuditRecord.of(actor(username), "operator.signed-out"));
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
    String hash = encoder.encode(replacement);
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("update operator set password_hash = :hash where id = :id")
              .param("hash", hash)
              .param("id", operator.get().id())
              .update();
          audit.append(AuditRecord.of(actor(username), "operator.password-changed"));
        });
    return PasswordChange.DONE;
  }
}
