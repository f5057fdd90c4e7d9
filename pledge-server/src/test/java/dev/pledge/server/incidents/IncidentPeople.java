package dev.pledge.server.incidents;

import dev.pledge.server.TestMailServer;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Studio accounts for the incidents' tests, written into the accounts module's tables as its
 * sign-up does, with a company profile (the category the drills breach), and the mail they get.
 */
final class IncidentPeople {

  static final String PASSWORD = "quiet meadow lantern 42";
  private static String hash;

  record Person(String id, String username, String email) {}

  record Mail(String subject, String body) {}

  private IncidentPeople() {}

  static Person withCompany(
      JdbcClient jdbc, String name, String country, String law, String region) {
    String id = UUID.randomUUID().toString();
    String username = name.toLowerCase(Locale.ROOT) + Long.toString(System.nanoTime(), 36);
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
                + " values (:id, 'en', 'semantic', 'builtin', :now)")
        .param("id", id)
        .param("now", now)
        .update();
    jdbc.sql(
            "insert into studio_company (account_id, company_name, updated_at)"
                + " values (:id, :company, :now)")
        .param("id", id)
        .param("company", name + " Ltd")
        .param("now", now)
        .update();
    return new Person(id, username, email);
  }

  /** The messages that reached {@code address} so far. */
  static List<Mail> mailTo(String address) {
    List<Mail> out = new ArrayList<>();
    for (MimeMessage m : TestMailServer.greenMail().getReceivedMessages()) {
      try {
        boolean to = false;
        for (var a : m.getRecipients(Message.RecipientType.TO)) {
          to |= ((InternetAddress) a).getAddress().equalsIgnoreCase(address);
        }
        if (to) {
          out.add(
              new Mail(
                  m.getSubject(),
                  com.icegreen.greenmail.util.GreenMailUtil.getBody(m)
                      .replace("=\r\n", "")
                      .replace("=3D", "=")));
        }
      } catch (MessagingException | RuntimeException e) {
        // not a message to anyone we look for
      }
    }
    return out;
  }

  /** The messages to {@code address} whose subject holds {@code words}. */
  static List<Mail> mailAbout(String address, String words) {
    return mailTo(address).stream().filter(m -> m.subject().contains(words)).toList();
  }

  /** Waits for a message to {@code address} whose subject holds {@code words}. */
  static Mail awaitMail(String address, String words) throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      List<Mail> found = mailAbout(address, words);
      if (!found.isEmpty()) {
        return found.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message about '" + words + "' reached " + address);
  }

  private static synchronized String passwordHash() {
    if (hash == null) {
      hash = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(PASSWORD);
    }
    return hash;
  }
}
