package dev.pledge.server.accounts;

import dev.pledge.server.studio.Studio;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The account tables, in explicit SQL: identity, status, credentials' password, preferences. */
@Repository
class AccountRecords {

  private static final String SELECT =
      """
      select a.account_id, a.username, a.email, a.name, a.country, a.law_id, a.region,
        a.birth_date, s.status, a.email_verified_at, a.created_at, a.deleted_at
      from studio_account a join studio_subscription s on s.account_id = a.account_id
      """;

  private final JdbcClient jdbc;
  private final Studio studio;

  AccountRecords(JdbcClient jdbc, Studio studio) {
    this.jdbc = jdbc;
    this.studio = studio;
  }

  /** A new account as the sign-up form gives it, already checked. */
  record NewAccount(
      String username,
      String email,
      String name,
      String country,
      String lawId,
      String region,
      LocalDate birthDate,
      String passwordHash,
      String language,
      AccountStatus status,
      String parentEmail,
      boolean parentConsentRequired) {}

  /** Creates the account's rows in the caller's transaction; returns its id. */
  String create(NewAccount a, Instant now) {
    String id = UUID.randomUUID().toString();
    Timestamp at = Timestamp.from(now);
    jdbc.sql(
            """
            insert into studio_account (account_id, property_id, username, email, name, country,
              law_id, region, birth_date, created_at)
            values (:id, :property, :username, :email, :name, :country, :law, :region, :birth, :now)
            """)
        .param("id", id)
        .param("property", studio.id())
        .param("username", a.username())
        .param("email", a.email())
        .param("name", a.name())
        .param("country", a.country())
        .param("law", a.lawId())
        .param("region", a.region())
        .param("birth", a.birthDate())
        .param("now", at)
        .update();
    jdbc.sql(
            "insert into studio_subscription (account_id, status, status_since)"
                + " values (:id, :status, :now)")
        .param("id", id)
        .param("status", a.status().key())
        .param("now", at)
        .update();
    jdbc.sql(
            "insert into studio_credential (account_id, password_hash, password_changed_at)"
                + " values (:id, :hash, :now)")
        .param("id", id)
        .param("hash", a.passwordHash())
        .param("now", at)
        .update();
    jdbc.sql(
            "insert into studio_preference (account_id, language, edit_mode, model, updated_at)"
                + " values (:id, :language, :mode, :model, :now)")
        .param("id", id)
        .param("language", a.language())
        .param("mode", EditDefaults.MODES.get(0))
        .param("model", EditDefaults.MODELS.get(0))
        .param("now", at)
        .update();
    if (a.parentEmail() != null) {
      jdbc.sql(
              """
              insert into studio_guardian (account_id, parent_email, consent_required, created_at)
              values (:id, :email, :required, :now)
              """)
          .param("id", id)
          .param("email", a.parentEmail())
          .param("required", a.parentConsentRequired())
          .param("now", at)
          .update();
    }
    return id;
  }

  Optional<StudioAccount> byId(String id) {
    if (!isUuid(id)) {
      return Optional.empty();
    }
    return jdbc.sql(SELECT + " where a.account_id = :id and a.property_id = :property")
        .param("id", id)
        .param("property", studio.id())
        .query(AccountRecords::row)
        .optional();
  }

  /** Every active account, oldest first. */
  List<StudioAccount> active() {
    return jdbc.sql(
            SELECT
                + " where a.property_id = :property and s.status = 'active' order by a.created_at")
        .param("property", studio.id())
        .query(AccountRecords::row)
        .list();
  }

  /** The account a sign-in names: its username or its address, in any letter case. */
  Optional<StudioAccount> byLogin(String login) {
    String l = login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
    if (l.isEmpty() || l.length() > 254) {
      return Optional.empty();
    }
    String column = l.indexOf('@') >= 0 ? "lower(a.email)" : "lower(a.username)";
    return jdbc.sql(SELECT + " where " + column + " = :login and a.property_id = :property")
        .param("login", l)
        .param("property", studio.id())
        .query(AccountRecords::row)
        .optional();
  }

  boolean usernameTaken(String username) {
    return jdbc.sql(
            "select exists (select 1 from studio_account where property_id = :p"
                + " and lower(username) = lower(:u))")
        .param("p", studio.id())
        .param("u", username)
        .query(Boolean.class)
        .single();
  }

  boolean emailTaken(String email) {
    return jdbc.sql(
            "select exists (select 1 from studio_account where property_id = :p"
                + " and lower(email) = lower(:e))")
        .param("p", studio.id())
        .param("e", email)
        .query(Boolean.class)
        .single();
  }

  Optional<String> passwordHash(String id) {
    return jdbc.sql("select password_hash from studio_credential where account_id = :id")
        .param("id", id)
        .query(String.class)
        .optional();
  }

  void setPassword(String id, String hash, Instant now) {
    jdbc.sql(
            "update studio_credential set password_hash = :hash, password_changed_at = :now"
                + " where account_id = :id")
        .param("hash", hash)
        .param("now", Timestamp.from(now))
        .param("id", id)
        .update();
  }

  void markVerified(String id, Instant now) {
    jdbc.sql(
            "update studio_account set email_verified_at = coalesce(email_verified_at, :now)"
                + " where account_id = :id")
        .param("now", Timestamp.from(now))
        .param("id", id)
        .update();
  }

  void setStatus(String id, AccountStatus status, Instant now) {
    jdbc.sql(
            "update studio_subscription set status = :status, status_since = :now"
                + " where account_id = :id")
        .param("status", status.key())
        .param("now", Timestamp.from(now))
        .param("id", id)
        .update();
  }

  /** The person's language preference, or empty when the account has none. */
  Optional<String> language(String id) {
    return jdbc.sql("select language from studio_preference where account_id = :id")
        .param("id", id)
        .query(String.class)
        .optional();
  }

  void setLanguage(String id, String language, Instant now) {
    jdbc.sql("update studio_preference set language = :l, updated_at = :now where account_id = :id")
        .param("l", language)
        .param("now", Timestamp.from(now))
        .param("id", id)
        .update();
  }

  static boolean isUuid(String id) {
    if (id == null || id.length() != 36) {
      return false;
    }
    try {
      return UUID.fromString(id).toString().equals(id);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static StudioAccount row(ResultSet rs, int i) throws SQLException {
    Timestamp verified = rs.getTimestamp("email_verified_at");
    Timestamp deleted = rs.getTimestamp("deleted_at");
    return new StudioAccount(
        rs.getString("account_id"),
        rs.getString("username"),
        rs.getString("email"),
        rs.getString("name"),
        rs.getString("country"),
        rs.getString("law_id"),
        rs.getString("region"),
        rs.getDate("birth_date").toLocalDate(),
        AccountStatus.fromKey(rs.getString("status")),
        verified == null ? null : verified.toInstant(),
        rs.getTimestamp("created_at").toInstant(),
        deleted == null ? null : deleted.toInstant());
  }
}
