package dev.pledge.server.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.console.ConsoleClient;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/**
 * The console's Contacts page (B-39): each contact the studio's policy publishes, the queue it
 * reaches with the policy's response clocks, and that queue's open items; a contact that reaches no
 * tracked queue is shown as one.
 */
@WithRunningServer
class ContactsPageTest {

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  private static String row(String page, String contact) {
    Matcher m =
        Pattern.compile(
                "<tr[^>]*data-contact=\"" + Pattern.quote(contact) + "\"[^>]*>(.*?)</tr>",
                Pattern.DOTALL)
            .matcher(page);
    assertThat(m.find()).as("a row for %s", contact).isTrue();
    return m.group(1);
  }

  private static long open(String row) {
    Matcher m = Pattern.compile("<td>(\\d+)</td>").matcher(row);
    assertThat(m.find()).as("an open count in %s", row).isTrue();
    return Long.parseLong(m.group(1));
  }

  @Test
  @DisplayName(
      "B-39 each published contact reaches a tracked queue with the policy's clocks, and the"
          + " page counts what is open there; the security address reaches the contact messages")
  void contactsAndTheirQueues() throws Exception {
    ConsoleClient operator =
        ConsoleClient.signedIn(port, context, "contacts-" + System.nanoTime(), "127.0.17.3");
    String page = operator.get("/console/contacts").body();
    for (String role : new String[] {"privacy", "dpo", "legal", "compliance"}) {
      String row = row(page, "image-studio:" + role);
      assertThat(row)
          .contains("Rights requests and privacy inquiries")
          .contains("General inquiries: 5 business days")
          .contains("Urgent matters: 24 hours")
          .contains("Regulators acknowledged: at once");
    }
    assertThat(row(page, "image-studio:support")).contains("Support tickets");
    assertThat(row(page, "image-studio:security"))
        .contains("Contact messages")
        .contains("Urgent matters: 24 hours");
    long before = open(row(page, "image-studio:dpo"));

    String csrf = ConsoleClient.csrf(operator.get("/console/requests").body());
    ConsoleClient.Response opened =
        operator.send(
            "POST",
            "/console/api/requests",
            "{\"property\":\"image-studio\",\"kind\":\"inquiry\",\"channel\":\"legal\","
                + "\"urgent\":true,\"note\":\"Letter to the DPO about a data processing question\"}",
            Map.of("Content-Type", "application/json", "X-CSRF-TOKEN", csrf));
    assertThat(opened.status()).as(opened.body()).isEqualTo(201);

    String after = row(operator.get("/console/contacts").body(), "image-studio:dpo");
    assertThat(open(after)).isEqualTo(before + 1);
    assertThat(after)
        .containsPattern("R-[0-9A-Z]{4}-[0-9A-Z]{4} due \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC");
  }

  @Autowired ContactMessages messages;

  @Test
  @DisplayName(
      "B-39 a contact message is listed with its clock until the operator marks it answered; an"
          + " unknown one is a clear not-found")
  void contactMessageAnswered() throws Exception {
    messages.arrived(
        new dev.pledge.server.rights.ContactMailArrived(
            "image-studio",
            "security",
            "page-test-" + System.nanoTime(),
            dev.pledge.server.TestClock.get().instant()));
    ContactMessages.Open open =
        messages.open().stream()
            .filter(m -> m.role().equals("security"))
            .reduce((a, b) -> b.id() > a.id() ? b : a)
            .orElseThrow();
    ConsoleClient operator =
        ConsoleClient.signedIn(port, context, "messages-" + System.nanoTime(), "127.0.17.4");
    String page = operator.get("/console/contacts").body();
    assertThat(page).contains("data-message=\"" + open.id() + "\"");
    assertThat(row(page, "image-studio:security")).containsPattern("#\\d+ due ");
    String csrf = ConsoleClient.csrf(page);

    ConsoleClient.Response answered =
        operator.post(
            "/console/contacts/messages/" + open.id() + "/answered", Map.of("_csrf", csrf));
    assertThat(answered.status()).isEqualTo(302);
    assertThat(operator.get("/console/contacts").body())
        .doesNotContain("data-message=\"" + open.id() + "\"");

    ConsoleClient.Response again =
        operator.post(
            "/console/contacts/messages/" + open.id() + "/answered", Map.of("_csrf", csrf));
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("No open contact message has the number " + open.id());
  }
}
