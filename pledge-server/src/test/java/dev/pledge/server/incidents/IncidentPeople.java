package dev.pledge.server.incidents;

import dev.pledge.server.TestMailServer;
import dev.pledge.server.billing.StudioTestAccounts;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Studio accounts for the incidents' tests, written into the accounts module's tables as its
 * sign-up does, with a company profile (the category the drills breach), and the mail they get.
 */
final class IncidentPeople {

  static final String PASSWORD = StudioTestAccounts.PASSWORD;

  record Person(String id, String username, String email) {}

  record Mail(String subject, String body) {}

  private IncidentPeople() {}

  static Person withCompany(
      JdbcClient jdbc, String name, String country, String law, String region) {
    StudioTestAccounts.Account a =
        StudioTestAccounts.create(jdbc, name, "en", country, law, region);
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql(
            "insert into studio_company (account_id, company_name, updated_at)"
                + " values (:id, :company, :now)")
        .param("id", a.id())
        .param("company", name + " Ltd")
        .param("now", now)
        .update();
    return new Person(a.id(), a.username(), a.email());
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
}
