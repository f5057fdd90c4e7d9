package dev.pledge.server.console.demo;

import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.pledge.policy.Contact;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The demo's own mail server (GreenMail), on localhost only: Pledge sends every e-mail through it
 * and reads the reference site's privacy mailbox from it, so a person trying the demo receives the
 * acknowledgements and links, and can send a request by e-mail, without any real mail server. It
 * keeps mail in memory: a restart empties it.
 */
@Component
@ConditionalOnProperty(name = "pledge.demo-mail.enabled", havingValue = "true")
class DemoMailServer {

  /** The property whose privacy address receives mail in the demo. */
  static final String PROPERTY = "reference-site";

  /** The property whose support address receives replies to support tickets in the demo. */
  static final String STUDIO = "image-studio";

  private final DemoMailSettings settings;
  private final String privacyAddress;
  private final GreenMail greenMail;

  DemoMailServer(DemoMailSettings settings, PolicyCatalog catalog) {
    this.settings = settings;
    this.privacyAddress = privacyAddress(catalog);
    ensureFree(settings.smtpPort(), "SMTP", "--mail-smtp-port");
    ensureFree(settings.imapPort(), "IMAP", "--mail-imap-port");
    greenMail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(
                  settings.smtpPort(), DemoMailProperties.HOST, ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(
                  settings.imapPort(), DemoMailProperties.HOST, ServerSetup.PROTOCOL_IMAP)
            });
    greenMail.start();
    greenMail.setUser(privacyAddress, DemoMailProperties.LOGIN, settings.password());
    // The studio's support mailbox, read by the support module for e-mailed replies to tickets.
    supportAddress(catalog)
        .ifPresent(
            a -> greenMail.setUser(a, DemoMailProperties.SUPPORT_LOGIN, settings.password()));
  }

  private static java.util.Optional<String> supportAddress(PolicyCatalog catalog) {
    return catalog
        .byId(STUDIO)
        .flatMap(p -> p.policy().contact(Contact.Role.SUPPORT))
        .map(Contact::email)
        .filter(e -> e != null && !e.isBlank());
  }

  @PreDestroy
  void stop() {
    greenMail.stop();
  }

  /** The address whose mail the privacy mailbox reader turns into requests. */
  String privacyAddress() {
    return privacyAddress;
  }

  int smtpPort() {
    return settings.smtpPort();
  }

  /** Every message the server holds, whoever it is for, newest first. */
  List<StoredMessage> messages() {
    return greenMail.getManagers().getImapHostManager().getAllMessages().stream()
        .sorted(Comparator.comparing(StoredMessage::getReceivedDate).reversed())
        .toList();
  }

  /** Sends a plain-text message over SMTP, the way a mail client would. */
  void send(String from, String to, String subject, String body) {
    GreenMailUtil.sendTextEmail(to, from, subject, body, greenMail.getSmtp().getServerSetup());
  }

  private static String privacyAddress(PolicyCatalog catalog) {
    List<ServedProperty> candidates =
        catalog.byId(PROPERTY).map(List::of).orElseGet(() -> List.copyOf(catalog.all()));
    return candidates.stream()
        .flatMap(p -> p.policy().contacts().stream())
        .filter(c -> c.role() == Contact.Role.PRIVACY && c.email() != null)
        .map(Contact::email)
        .findFirst()
        .orElseThrow(
            () ->
                new DemoMailUnavailable(
                    "The demo mailbox needs a privacy contact with an e-mail address in the"
                        + " reference site's policy (contacts: privacy: email:)."));
  }

  /** Fails with what to do instead of GreenMail's bind error when a port is taken. */
  private static void ensureFree(int port, String protocol, String option) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(DemoMailProperties.HOST), port));
    } catch (IOException e) {
      throw new DemoMailUnavailable(
          "Port "
              + port
              + " on localhost, for the demo mailbox's "
              + protocol
              + ", is already in use. Stop what uses it, or start the demo with "
              + option
              + " <a free port>.");
    }
  }

  /** The demo mail server cannot start; the message says why and what to do. */
  static final class DemoMailUnavailable extends IllegalStateException {
    DemoMailUnavailable(String message) {
      super(message);
    }
  }
}
