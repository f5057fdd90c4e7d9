package dev.pledge.server;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import java.util.Map;
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

  private static GreenMail greenMail;

  public static synchronized GreenMail greenMail() {
    if (greenMail == null) {
      ServerSetup[] setups =
          ServerSetup.dynamicPort(new ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.IMAP});
      greenMail = new GreenMail(setups);
      greenMail.start();
      greenMail.setUser(MAILBOX, MAILBOX, PASSWORD);
    }
    return greenMail;
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
                Map.of(
                    "spring.mail.host", mail.getSmtp().getServerSetup().getBindAddress(),
                    "spring.mail.port", mail.getSmtp().getPort(),
                    "pledge.mail.imap.host", mail.getImap().getServerSetup().getBindAddress(),
                    "pledge.mail.imap.port", mail.getImap().getPort(),
                    "pledge.mail.imap.ssl", "false",
                    "pledge.mail.imap.user", MAILBOX,
                    "pledge.mail.imap.password", PASSWORD)));
  }
}
