package dev.pledge.server.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A person's profile, preferences and company details (B-01), read and changed. */
@Component
class Profiles {

  /** Preferences: interface language, default edit mode and model. */
  record Preferences(String language, String editMode, String model) {}

  /** Company details of an enterprise or API account. */
  record Company(String name, String address, Integer seats) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  Profiles(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Preferences preferences(String accountId) {
    return jdbc.sql(
            "select language, edit_mode, model from studio_preference where account_id = :id")
        .param("id", accountId)
        .query(
            (rs, i) ->
                new Preferences(
                    rs.getString("language"), rs.getString("edit_mode"), rs.getString("model")))
        .optional()
        .orElse(new Preferences("en", EditDefaults.MODES.get(0), EditDefaults.MODELS.get(0)));
  }

  void setPreferences(String accountId, Preferences p) {
    jdbc.sql(
            """
            insert into studio_preference (account_id, language, edit_mode, model, updated_at)
            values (:id, :language, :mode, :model, :now)
            on conflict (account_id) do update set language = excluded.language,
              edit_mode = excluded.edit_mode, model = excluded.model,
              updated_at = excluded.updated_at
            """)
        .param("id", accountId)
        .param("language", p.language())
        .param("mode", p.editMode())
        .param("model", p.model())
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  void setIdentity(String accountId, String name, String username) {
    jdbc.sql("update studio_account set name = :name, username = :username where account_id = :id")
        .param("name", name)
        .param("username", username)
        .param("id", accountId)
        .update();
  }

  void setEmail(String accountId, String email) {
    jdbc.sql(
            "update studio_account set email = :email, email_verified_at = :now"
                + " where account_id = :id")
        .param("email", email)
        .param("now", Timestamp.from(clock.instant()))
        .param("id", accountId)
        .update();
  }

  Optional<Company> company(String accountId) {
    return jdbc.sql(
            "select company_name, business_address, seats from studio_company"
                + " where account_id = :id")
        .param("id", accountId)
        .query(
            (rs, i) ->
                new Company(
                    rs.getString("company_name"),
                    rs.getString("business_address"),
                    (Integer) rs.getObject("seats")))
        .optional();
  }

  void setCompany(String accountId, Company c) {
    jdbc.sql(
            """
            insert into studio_company (account_id, company_name, business_address, seats,
              updated_at)
            values (:id, :name, :address, :seats, :now)
            on conflict (account_id) do update set company_name = excluded.company_name,
              business_address = excluded.business_address, seats = excluded.seats,
              updated_at = excluded.updated_at
            """)
        .param("id", accountId)
        .param("name", c.name())
        .param("address", c.address())
        .param("seats", c.seats())
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  void removeCompany(String accountId) {
    jdbc.sql("delete from studio_company where account_id = :id").param("id", accountId).update();
  }
}
