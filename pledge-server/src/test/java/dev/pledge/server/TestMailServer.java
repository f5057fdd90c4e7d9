package dev.pledge.server;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One GreenMail (SMTP and IMAP on free ports) for the whole test JVM, started by the shared server
 * context, which sends through it and reads the reference site's editorial mailbox from it. Tests
 * reach it through {@link #greenMail()} and start from an empty server with {@code purgeEmail...}.
 */
public final class TestMailServer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String MAILBOX = "editor@reference.example.org";
  public static final String PASSWORD = "editor-secret";

  /** The image studio's support mailbox, where e-mailed replies to tickets arrive. */
  public static final String SUPPORT_MAILBOX = "support@studio.example.com";

  public static final String SUPPORT_PASSWORD = "support-secret";

  private static GreenMail greenMail;

  public static synchronized GreenMail greenMail() {
    if (greenMail == null) {
      ServerSetup[] setups =
          ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.IMAP});
      greenMail = new GreenMail(setups);
      greenMail.start();
      greenMail.setUser(MAILBOX, MAILBOX, PASSWORD);
      greenMail.setUser(SUPPORT_MAILBOX, SUPPORT_MAILBOX, SUPPORT_PASSWORD);
    }
    return greenMail;
  }

  /**
   * The text of the first message to {@code address}, soft line breaks and {@code =3D} of
   * quoted-printable undone, once it has arrived (Pledge sends in the background).
   */
  public static String awaitTextTo(String address) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      Optional<MimeMessage> m =
          Arrays.stream(greenMail().getReceivedMessages())
              .filter(message -> addressedTo(message, address))
              .findFirst();
      if (m.isPresent()) {
        return GreenMailUtil.getBody(m.get()).replace("=\r\n", "").replace("=3D", "=");
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message reached " + address);
  }

  private static boolean addressedTo(MimeMessage m, String address) {
    try {
      return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
          .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
    } catch (MessagingException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    GreenMail mail = greenMail();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test-mail-server",
                Map.ofEntries(
                    Map.entry("spring.mail.host", mail.getSmtp().getServerSetup().getBindAddress()),
                    Map.entry("spring.mail.port", mail.getSmtp().getPort()),
                    Map.entry(
                        "pledge.mail.imap.host", mail.getImap().getServerSetup().getBindAddress()),
                    Map.entry("pledge.mail.imap.port", mail.getImap().getPort()),
                    Map.entry("pledge.mail.imap.ssl", "false"),
                    Map.entry("pledge.mail.imap.user", MAILBOX),
                    Map.entry("pledge.mail.imap.password", PASSWORD),
                    // The support mailbox: tests read it themselves instead of waiting for the job.
                    Map.entry(
                        "pledge.support.mailbox.host",
                        mail.getImap().getServerSetup().getBindAddress()),
                    Map.entry("pledge.support.mailbox.port", mail.getImap().getPort()),
                    Map.entry("pledge.support.mailbox.ssl", "false"),
                    Map.entry("pledge.support.mailbox.user", SUPPORT_MAILBOX),
                    Map.entry("pledge.support.mailbox.password", SUPPORT_PASSWORD),
                    Map.entry("pledge.support.mailbox.poll-interval", "PT1H"))));
  }
}
