package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pledge.server.security.FuzzBudget;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes incoming mail as the privacy mailbox reads it: the sender is a valid address or none,
 * recipients are read or skipped, any subject is classified — nothing throws past the intake.
 */
@Tag("B-13")
class IncomingMailFuzzTest {

  private static final Session SESSION = Session.getInstance(new Properties());

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: incoming mail yields a valid sender or none, and a kind or none")
  void incomingMail(byte[] input) {
    MimeMessage m;
    String subject;
    try {
      m = new MimeMessage(SESSION, new ByteArrayInputStream(input));
      subject = m.getSubject();
    } catch (MessagingException | RuntimeException unreadable) {
      // The intake skips such a message as unreadable (RightsMailIntake.handle catches both):
      // Jakarta Mail's header parser itself throws IndexOutOfBoundsException on a continuation
      // line before the first header (input finding-continuation-before-first-header).
      return;
    }
    Optional<String> sender = RightsMailIntake.sender(m);
    sender.ifPresent(
        s ->
            assertThat(s)
                .hasSizeLessThanOrEqualTo(254)
                .doesNotContain("\r", "\n", " ")
                .contains("@"));
    assertThat(RightsMailIntake.recipients(m)).doesNotContainNull();
    String normalized = RightsMailIntake.normalizeSubject(subject);
    PrivacySubjects.kind(normalized);
  }
}
