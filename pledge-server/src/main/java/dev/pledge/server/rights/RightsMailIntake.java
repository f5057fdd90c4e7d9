package dev.pledge.server.rights;

import dev.pledge.policy.Channel;
import dev.pledge.policy.Contact;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the privacy mailbox into tracked requests (A-21, B-39): a message whose subject is a
 * channel's request subject ("Privacy deletion request") opens that request for the sender's
 * address; any other message opens a general inquiry. Only headers are read — the message itself
 * stays in the mailbox — so a huge or oddly encoded body cannot stop the intake.
 *
 * <p>Each message is handled once: its Message-ID's hash is recorded in the same transaction as the
 * request it opens, and only then is it marked \Seen; after a crash in between the next poll finds
 * the hash and just marks it. Log lines name the message by IMAP UID and the request by reference,
 * never by address or subject.
 */
@Component
class RightsMailIntake {

  private static final Logger log = LoggerFactory.getLogger(RightsMailIntake.class);

  static final String ACTOR = "system:mail-intake";

  /**
   * Reply and forward prefixes of common mail clients, in a few languages ("AW:", "WG:", "SV:").
   */
  private static final Pattern PREFIX =
      Pattern.compile(
          "^(?:re|fwd?|aw|wg|sv|vs|tr|rv)\\s*(?:\\[\\d+\\])?\\s*:\\s*", Pattern.CASE_INSENSITIVE);

  private final RightsMailSettings settings;
  private final RightsRequests requests;
  private final RightsAcknowledgements acknowledgements;
  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  RightsMailIntake(
      RightsMailSettings settings,
      RightsRequests requests,
      RightsAcknowledgements acknowledgements,
      PolicyCatalog catalog,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.settings = settings;
    this.requests = requests;
    this.acknowledgements = acknowledgements;
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Reads new messages, opens their requests, then sends pending acknowledgements and closes
   * requests whose verification link expired. Returns how many messages were handled.
   */
  synchronized int poll() {
    int handled = 0;
    if (settings.enabled()) {
      handled = readMailbox();
    }
    acknowledgements.sendPending();
    requests.expireUnverified(clock.instant());
    return handled;
  }

  private int readMailbox() {
    try {
      return PrivacyMailbox.withFolder(
          settings,
          Folder.READ_WRITE,
          folder -> {
            Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add("Message-ID");
            profile.add("Auto-Submitted");
            folder.fetch(unseen, profile);
            long validity = ((UIDFolder) folder).getUIDValidity();
            int handled = 0;
            for (Message m : unseen) {
              long uid = ((UIDFolder) folder).getUID(m);
              if (handle(m, validity, uid)) {
                handled++;
              }
            }
            return handled;
          });
    } catch (MessagingException e) {
      // The server's text may echo the login; the exception's type is enough to act on.
      log.warn(
          "Privacy mailbox {}:{} could not be read ({}); trying again at the next poll",
          settings.host(),
          settings.port(),
          e.getClass().getSimpleName());
      return 0;
    }
  }

  /** Handles one message; false when it had been handled before. */
  private boolean handle(Message m, long validity, long uid) {
    Incoming in;
    try {
      in = read(m, validity, uid);
    } catch (MessagingException | RuntimeException e) {
      in =
          Incoming.skipped(
              "uid:" + validity + ":" + uid,
              "unreadable headers (" + e.getClass().getSimpleName() + ")");
    }
    Incoming message = in;
    Optional<String> outcome =
        tx.execute(
            t -> {
              Instant now = clock.instant();
              boolean fresh =
                  jdbc.sql(
                              """
                          insert into rights_mail_message (mailbox, message_hash, outcome,
                            processed_at)
                          values (:mailbox, :hash, 'pending', :now)
                          on conflict do nothing
                          """)
                          .param("mailbox", settings.mailboxKey())
                          .param("hash", message.keyHash())
                          .param("now", java.sql.Timestamp.from(now))
                          .update()
                      == 1;
              if (!fresh) {
                return Optional.<String>empty();
              }
              String result;
              String reference = null;
              if (message.skipReason() != null) {
                result = "skipped: " + message.skipReason();
              } else {
                Instant received =
                    message.receivedAt() == null || message.receivedAt().isAfter(now)
                        ? now
                        : message.receivedAt();
                RightsRequest r = requests.open(message.request(), received, ACTOR);
                reference = r.reference();
                result =
                    "opened " + r.kind().key() + " request " + reference + " for " + r.property();
              }
              jdbc.sql(
                      """
                      update rights_mail_message set outcome = :outcome, reference = :reference
                      where mailbox = :mailbox and message_hash = :hash
                      """)
                  .param("outcome", reference == null ? result : "request")
                  .param("reference", reference)
                  .param("mailbox", settings.mailboxKey())
                  .param("hash", message.keyHash())
                  .update();
              return Optional.of(result);
            });
    try {
      m.setFlag(Flags.Flag.SEEN, true);
    } catch (MessagingException e) {
      // Recorded already: the next poll finds the hash and tries the flag again.
      log.warn(
          "Privacy mailbox: message uid {} could not be marked read ({})",
          uid,
          e.getClass().getSimpleName());
    }
    outcome.ifPresent(o -> log.info("Privacy mailbox: message uid {}: {}", uid, o));
    return outcome.isPresent();
  }

  /** What a message asks for, from its headers alone. */
  private Incoming read(Message m, long validity, long uid) throws MessagingException {
    String[] ids = m.getHeader("Message-ID");
    String key =
        ids != null && ids.length > 0 && !ids[0].isBlank()
            ? "id:" + ids[0].strip()
            : "uid:" + validity + ":" + uid;
    String[] auto = m.getHeader("Auto-Submitted");
    if (auto != null && auto.length > 0 && !auto[0].strip().equalsIgnoreCase("no")) {
      return Incoming.skipped(key, "automatic message (Auto-Submitted)");
    }
    Optional<String> sender = sender(m);
    if (sender.isEmpty()) {
      return Incoming.skipped(key, "no usable sender address");
    }
    List<String> recipients = recipients(m);
    Optional<ServedProperty> property = property(recipients);
    if (property.isEmpty()) {
      return Incoming.skipped(
          key,
          "no served property has a contact address among the recipients; set"
              + " pledge.mail.imap.property");
    }
    ServedProperty p = property.get();
    if (ownAddresses(p).contains(sender.get().toLowerCase(Locale.ROOT))) {
      return Incoming.skipped(key, "sent from the property's own address");
    }
    String subject = normalizeSubject(m.getSubject());
    RightsRequestKind kind = RightsRequestKind.INQUIRY;
    String channelId = null;
    for (Channel c : p.policy().channels()) {
      if (c.kind() != Channel.Kind.EMAIL) {
        continue;
      }
      Optional<RightsRequestKind> starts =
          c.starts() == null ? Optional.empty() : RightsRequestKind.of(c.starts());
      if (c.subject() != null
          && starts.isPresent()
          && subject.equals(normalizeSubject(c.subject()))) {
        kind = starts.get();
        channelId = c.id();
        break;
      }
      if (channelId == null && c.subject() == null && reaches(p, c, recipients)) {
        channelId = c.id(); // the plain e-mail channel this message came through
      }
    }
    Instant received = m.getReceivedDate() == null ? null : m.getReceivedDate().toInstant();
    return new Incoming(
        Incoming.hash(key),
        null,
        received,
        new NewRightsRequest(
            p.id().value(),
            kind,
            null,
            RequestChannel.EMAIL,
            channelId,
            sender.get(),
            null,
            null,
            false));
  }

  private static Optional<String> sender(Message m) {
    Address[] from;
    try {
      from = m.getFrom();
    } catch (MessagingException e) {
      return Optional.empty();
    }
    if (from == null) {
      return Optional.empty();
    }
    for (Address a : from) {
      if (a instanceof InternetAddress ia && ia.getAddress() != null) {
        try {
          ia.validate();
          String address = ia.getAddress().strip();
          if (address.length() <= 254) {
            return Optional.of(address);
          }
        } catch (AddressException e) {
          // try the next one
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> recipients(Message m) {
    List<String> out = new ArrayList<>();
    try {
      Address[] all = m.getAllRecipients();
      if (all != null) {
        for (Address a : all) {
          if (a instanceof InternetAddress ia && ia.getAddress() != null) {
            out.add(ia.getAddress().strip().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (MessagingException e) {
      // unparseable recipients: fall back to the configured property
    }
    return out;
  }

  private Optional<ServedProperty> property(List<String> recipients) {
    for (ServedProperty p : catalog.all()) {
      if (ownAddresses(p).stream().anyMatch(recipients::contains)) {
        return Optional.of(p);
      }
    }
    return settings.property() == null ? Optional.empty() : catalog.byId(settings.property());
  }

  static List<String> ownAddresses(ServedProperty p) {
    List<String> out = new ArrayList<>();
    for (Contact c : p.policy().contacts()) {
      if (c.email() != null) {
        out.add(c.email().toLowerCase(Locale.ROOT));
      }
    }
    if (p.policy().controller() != null && p.policy().controller().email() != null) {
      out.add(p.policy().controller().email().toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private static boolean reaches(ServedProperty p, Channel c, List<String> recipients) {
    return p.policy().contacts().stream()
        .filter(contact -> contact.role() == c.contact() && contact.email() != null)
        .anyMatch(contact -> recipients.contains(contact.email().toLowerCase(Locale.ROOT)));
  }

  /**
   * A subject reduced for comparison: reply and forward prefixes removed (repeatedly), runs of
   * white space made one space, a trailing full stop and surrounding quotes dropped, lower case.
   */
  static String normalizeSubject(String subject) {
    if (subject == null) {
      return "";
    }
    String s = subject.replaceAll("[\\s\\u00A0]+", " ").strip();
    for (Matcher m = PREFIX.matcher(s); m.find(); m = PREFIX.matcher(s)) {
      s = s.substring(m.end()).strip();
    }
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1).strip();
    }
    while (s.endsWith(".")) {
      s = s.substring(0, s.length() - 1).strip();
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * @param keyHash SHA-256 of the Message-ID (or of the UID when there is none), hex
   * @param skipReason why the message opens no request, or {@code null}
   */
  private record Incoming(
      String keyHash, String skipReason, Instant receivedAt, NewRightsRequest request) {

    static Incoming skipped(String key, String reason) {
      return new Incoming(hash(key), reason, null, null);
    }

    static String hash(String key) {
      return HexFormat.of().formatHex(RightsRequests.sha256(key));
    }
  }
}
