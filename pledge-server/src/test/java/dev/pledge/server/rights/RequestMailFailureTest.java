package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * E-mail to a requester that cannot be delivered stops being tried — at once when the receiving
 * server refuses it for good or the address cannot be written to, after a bounded number of
 * attempts when it only refuses for now — and is shown as failed (issue 11). Before, an address the
 * API let through was acknowledged again at every poll, for ever.
 */
@WithRunningServer
class RequestMailFailureTest {

  @Autowired RightsRequests requests;
  @Autowired RightsAcknowledgements acknowledgements;
  @Autowired RequestNotices notices;
  @Autowired RequestOutcomes outcomes;
  @Autowired RequestMail mail;
  @Autowired MailRetry retry;
  @Autowired JdbcClient jdbc;

  private final List<String> opened = new ArrayList<>();

  @AfterEach
  void closeRequests() {
    for (String reference : opened) {
      if (!requests.byReference(reference).orElseThrow().status().closed()) {
        requests.changeStatus(reference, RightsRequestStatus.REJECTED, "test over", "test");
      }
    }
  }

  /**
   * A request as the e-mail intake or an older API could open it: the address is not checked. Other
   * tests' mail still waiting goes out first, through the real test mail server, so that the
   * refusing servers below only ever see this test's.
   */
  private RightsRequest open(String address) {
    acknowledgements.sendPending();
    notices.sendPending();
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.ACCESS,
                null,
                RequestChannel.API,
                null,
                address,
                null,
                "gdpr",
                false),
            "test");
    opened.add(r.reference());
    return r;
  }

  private static String address(String who) {
    return who + "-" + Long.toHexString(System.nanoTime()) + "@example.net";
  }

  private static JavaMailSenderImpl sender(int port) {
    JavaMailSenderImpl sender = new JavaMailSenderImpl();
    sender.setHost("127.0.0.1");
    sender.setPort(port);
    return sender;
  }

  private Map<String, Object> ack(String reference) {
    return jdbc.sql(
            """
            select ack_attempts, ack_error, ack_failed_at is not null as failed,
              ack_next_attempt_at > now() as later, acknowledged_at is not null as sent
            from rights_request where reference = :r
            """)
        .param("r", reference)
        .query()
        .singleRow();
  }

  private RequestMail.Delivery delivery(String reference, String what) {
    return mail.of(reference).stream().filter(d -> d.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName(
      "B-38 an acknowledgement the mail server refuses for good (SMTP 550) is tried once, then"
          + " shown as failed and noted in the history")
  void permanentRefusalStops() throws Exception {
    try (RefusingSmtpServer smtp = new RefusingSmtpServer("550 5.1.1 No such mailbox here")) {
      String address = address("unknown-mailbox");
      RightsRequest r = open(address);
      acknowledgements.sendPending(sender(smtp.port()));
      assertThat(smtp.tried(address)).isEqualTo(1);
      Map<String, Object> row = ack(r.reference());
      assertThat(row.get("failed")).isEqualTo(true);
      assertThat(row.get("ack_error")).isEqualTo("smtp-550");
      assertThat(row.get("sent")).isEqualTo(false);

      acknowledgements.sendPending(sender(smtp.port()));
      jdbc.sql("update rights_request set ack_next_attempt_at = now() where reference = :r")
          .param("r", r.reference())
          .update();
      acknowledgements.sendPending(sender(smtp.port()));
      assertThat(smtp.tried(address)).as("never tried again").isEqualTo(1);

      RequestMail.Delivery d = delivery(r.reference(), "acknowledgement");
      assertThat(d.state()).isEqualTo(RequestMail.State.FAILED);
      assertThat(d.problem()).contains("SMTP 550").doesNotContain("No such mailbox");
      assertThat(requests.history(r.reference()))
          .anySatisfy(
              e -> {
                assertThat(e.event()).isEqualTo("acknowledgement-failed");
                assertThat(e.note()).contains("smtp-550").doesNotContain("@");
              });
    }
  }

  @Test
  @DisplayName(
      "B-38 a temporary refusal (SMTP 452) is retried after a pause, and given up after the"
          + " bounded number of attempts")
  void temporaryRefusalIsBounded() throws Exception {
    try (RefusingSmtpServer smtp = new RefusingSmtpServer("452 4.2.2 Mailbox full")) {
      String address = address("full-mailbox");
      RightsRequest r = open(address);
      acknowledgements.sendPending(sender(smtp.port()));
      Map<String, Object> first = ack(r.reference());
      assertThat(first.get("ack_attempts")).isEqualTo(1);
      assertThat(first.get("ack_error")).isEqualTo("smtp-452");
      assertThat(first.get("failed")).isEqualTo(false);
      assertThat(first.get("later")).as("after a pause, not in a loop").isEqualTo(true);
      assertThat(delivery(r.reference(), "acknowledgement").state())
          .isEqualTo(RequestMail.State.RETRYING);

      acknowledgements.sendPending(sender(smtp.port()));
      assertThat(smtp.tried(address)).as("not before the pause is over").isEqualTo(1);

      // The pauses have passed and every attempt but the last was used.
      jdbc.sql(
              """
              update rights_request set ack_next_attempt_at = now(), ack_attempts = :n
              where reference = :r
              """)
          .param("n", retry.maxAttempts() - 1)
          .param("r", r.reference())
          .update();
      acknowledgements.sendPending(sender(smtp.port()));
      assertThat(smtp.tried(address)).isEqualTo(2);
      assertThat(ack(r.reference()).get("failed")).isEqualTo(true);
      RequestMail.Delivery d = delivery(r.reference(), "acknowledgement");
      assertThat(d.state()).isEqualTo(RequestMail.State.FAILED);
      assertThat(d.attempts()).isEqualTo(retry.maxAttempts());
    }
  }

  @Test
  @DisplayName("B-38 an address that cannot be written to fails at once, without a retry")
  void unwritableAddressFailsAtOnce() throws Exception {
    GreenMail greenMail = TestMailServer.greenMail();
    RightsRequest r = open("first@example.net, second@example.net");
    acknowledgements.sendPending(sender(greenMail.getSmtp().getPort()));
    Map<String, Object> row = ack(r.reference());
    assertThat(row.get("failed")).isEqualTo(true);
    assertThat(row.get("ack_error")).isEqualTo("invalid-address");
    assertThat(row.get("ack_attempts")).isEqualTo(1);
  }

  @Test
  @DisplayName(
      "B-38 a notice refused for good is not sent again and shows as failed; a notice that"
          + " keeps failing for now gives up after the bounded number of attempts")
  void noticesStopToo() throws Exception {
    String me = address("notice");
    RightsRequest r = open(me);
    Confirmations.confirm(requests, "reference-site", r.reference()).orElseThrow();
    outcomes.extend(r.reference(), "A refusal test", "operator:t");
    try (RefusingSmtpServer smtp = new RefusingSmtpServer("550 5.7.1 Rejected")) {
      notices.sendPending(sender(smtp.port()));
      notices.sendPending(sender(smtp.port()));
      jdbc.sql(
              """
              update rights_notice set next_attempt_at = now()
              where request_id = (select id from rights_request where reference = :r)
                and sent_at is null and failed_at is null
              """)
          .param("r", r.reference())
          .update();
      notices.sendPending(sender(smtp.port()));
      assertThat(smtp.tried(me)).isEqualTo(1);
    }
    RequestMail.Delivery extension = delivery(r.reference(), "extension");
    assertThat(extension.state()).isEqualTo(RequestMail.State.FAILED);
    assertThat(extension.problem()).contains("SMTP 550");

    outcomes.changeStatus(
        r.reference(), RightsRequestStatus.REJECTED, "refused for the test", "operator:t");
    try (RefusingSmtpServer smtp = new RefusingSmtpServer("451 4.3.0 Try again later")) {
      notices.sendPending(sender(smtp.port()));
      RequestMail.Delivery rejection = delivery(r.reference(), "rejection");
      assertThat(rejection.state()).isEqualTo(RequestMail.State.RETRYING);
      jdbc.sql(
              """
              update rights_notice set next_attempt_at = now(), attempts = :n
              where kind = 'rejection'
                and request_id = (select id from rights_request where reference = :r)
              """)
          .param("n", retry.maxAttempts() - 1)
          .param("r", r.reference())
          .update();
      notices.sendPending(sender(smtp.port()));
      assertThat(delivery(r.reference(), "rejection").state()).isEqualTo(RequestMail.State.FAILED);
    }
  }
}
