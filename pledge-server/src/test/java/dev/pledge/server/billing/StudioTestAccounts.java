package dev.pledge.server.billing;

import dev.pledge.server.console.ConsoleClient;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Verified studio accounts for billing's tests, written straight into the accounts module's tables
 * as its sign-up does (the accounts' own tests walk the sign-up itself): identity, status, a
 * password, preferences. Each call makes a new person with a unique address.
 */
public final class StudioTestAccounts {

  private static final Argon2PasswordEncoder PASSWORDS =
      Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  private static String hash;

  public static final String PASSWORD = "quiet meadow lantern 42";

  public record Account(String id, String username, String email) {}

  private StudioTestAccounts() {}

  public static Account create(JdbcClient jdbc, String name, String language) {
    return create(jdbc, name, language, "GB", "uk-gdpr", "eu");
  }

  /** An account of the given country, law and storage region. */
  public static Account create(
      JdbcClient jdbc, String name, String language, String country, String law, String region) {
    String id = UUID.randomUUID().toString();
    String tag = Long.toString(System.nanoTime(), 36);
    String username = name.toLowerCase(java.util.Locale.ROOT) + tag;
    String email = username + "@example.org";
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            """
            insert into studio_account (account_id, property_id, username, email, name, country,
              law_id, region, birth_date, email_verified_at, created_at)
            values (:id, 'image-studio', :username, :email, :name, :country, :law, :region, :born,
              :now, :now)
            """)
        .param("id", id)
        .param("username", username)
        .param("email", email)
        .param("name", name + " Tester")
        .param("country", country)
        .param("law", law)
        .param("region", region)
        .param("born", LocalDate.of(1990, 1, 1))
        .param("now", now)
        .update();
    jdbc.sql(
            "insert into studio_subscription (account_id, status, status_since)"
                + " values (:id, 'active', :now)")
        .param("id", id)
        .param("now", now)
        .update();
    jdbc.sql(
            "insert into studio_credential (account_id, password_hash, password_changed_at)"
                + " values (:id, :hash, :now)")
        .param("id", id)
        .param("hash", passwordHash())
        .param("now", now)
        .update();
    jdbc.sql(
            "insert into studio_preference (account_id, language, edit_mode, model, updated_at)"
                + " values (:id, :language, 'semantic', 'builtin', :now)")
        .param("id", id)
        .param("language", language)
        .param("now", now)
        .update();
    return new Account(id, username, email);
  }

  private static synchronized String passwordHash() {
    if (hash == null) {
      hash = PASSWORDS.encode(PASSWORD);
    }
    return hash;
  }

  /** Signs {@code account} in with its password through the sign-in form; the form's answer. */
  public static ConsoleClient.Response signIn(ConsoleClient studio, Account account)
      throws IOException {
    String csrf = ConsoleClient.csrf(studio.get("/p/image-studio/sign-in").body());
    return studio.post(
        "/p/image-studio/sign-in",
        Map.of("login", account.username(), "password", PASSWORD, "_csrf", csrf));
  }
}
