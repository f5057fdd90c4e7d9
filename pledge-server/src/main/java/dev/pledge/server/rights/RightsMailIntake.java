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
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the privacy requests in the mailbox into tracked requests (A-21, B-39), and leaves every
 * other message alone (A-09): a message whose subject is a channel's request subject ("Privacy
 * deletion request") opens that request for the sender's address; one whose subject is otherwise a
 * privacy request ({@link PrivacySubjects}) opens a request of that kind; anything else sent to an
 * address that is only a privacy contact (privacy, DPO, legal, compliance) is a general privacy
 * inquiry; and anything else sent to an address that also serves another purpose — the reference
 * site's editorial address — is correspondence: no request, no reply, not even marked read. It is
 * kept as correspondence, and deleted 12 months after its thread's last message by the mailbox's
 * retention store ({@link CorrespondenceMailbox}, A-19). Only headers are read — the message itself
 * stays in the mailbox — so a huge or oddly encoded body cannot stop the intake.
 *
 * <p>Each message is looked at once: the highest IMAP UID read is kept per mailbox ({@code
 * rights_mail_cursor}), so correspondence can stay unread without being read again at every poll;
 * and its Message-ID's hash is recorded in the same transaction as the request it opens, and only
 * then is a request marked \Seen, so after a crash in between the next poll finds the hash. When
 * the server renumbers the folder (a new UIDVALIDITY) the intake falls back to the unread messages,
 * the hashes keeping each request single. Log lines name the message by IMAP UID and the request by
 * reference, never by address or subject.
 */
@Component
class RightsMailIntake {

  private static final Logger log = LoggerFactory.getLogger(RightsMailIntake.class);

  static final String ACTOR = "system:mail-intake";

  /** The outcome of a message that is not a privacy request. */
  static final String CORRESPONDENCE = "correspondence: not a privacy request, left as it came";

  /** Contact roles whose address receives privacy matters only: all their mail is tracked. */
  private static final Set<Contact.Role> PRIVACY_ROLES =
      EnumSet.of(
          Contact.Role.PRIVACY, Contact.Role.DPO, Contact.Role.LEGAL, Contact.Role.COMPLIANCE);

  /**
   * Reply and forward prefixes of common mail clients, in a few languages ("AW:", "WG:", "SV:").
   */
  private static final Pattern PREFIX =
      Pattern.compile(
          "^(?:re|fwd?|aw|wg|sv|vs|tr|rv)\\s*(?:\\[\\d+\\])?\\s*:\\s*", Pattern.CASE_INSENSITIVE);

  /** A request's reference, as acknowledgements put it in their subject. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bR-[0-9A-Z]{4}-[0-9A-Z]{4}\\b", Pattern.CASE_INSENSITIVE);

  private final RightsMailSettings settings;
  private final RightsRequests requests;
  private final RightsAcknowledgements acknowledgements;
  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  RightsMailIntake(
      RightsMailSettings settings,
      RightsRequests requests,
      RightsAcknowledgements acknowledgements,
      PolicyCatalog catalog,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      ApplicationEventPublisher events) {
    this.settings = settings;
    this.events = events;
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
            long validity = ((UIDFolder) folder).getUIDValidity();
            OptionalLong cursor = handledThrough(validity);
            Message[] unseen =
                cursor.isPresent()
                    ? newerThan(folder, cursor.getAsLong())
                    : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
            FetchProfile profile = new FetchProfile();
            profile.add(FetchProfile.Item.ENVELOPE);
            profile.add(UIDFolder.FetchProfileItem.UID);
            profile.add("Message-ID");
            for (String header : AutomaticMail.HEADERS) {
              profile.add(header);
            }
            folder.fetch(unseen, profile);
            int handled = 0;
            for (Message m : unseen) {
              long uid = ((UIDFolder) folder).getUID(m);
              if (handle(m, validity, uid)) {
                handled++;
              }
            }
            if (cursor.isEmpty()) {
              // First poll of this folder (or of its new numbering): everything up to its last
              // message has been looked at now, read ones by people before Pledge.
              Message[] all = folder.getMessages();
              long last = all.length == 0 ? 0 : ((UIDFolder) folder).getUID(all[all.length - 1]);
              tx.executeWithoutResult(t -> advance(validity, last));
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

  /**
   * The highest UID the intake has looked at in the folder under {@code validity}: every message up
   * to it is a request, or correspondence left as it was. Empty before the first poll, or when the
   * server has renumbered the folder since.
   */
  OptionalLong handledThrough(long validity) {
    return jdbc.sql(
            "select uid_validity, last_uid from rights_mail_cursor where mailbox = :mailbox")
        .param("mailbox", settings.mailboxKey())
        .query((rs, i) -> rs.getLong("uid_validity") == validity ? rs.getLong("last_uid") : -1L)
        .optional()
        .filter(last -> last >= 0)
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  /** Messages with a UID above {@code last}, oldest first. */
  private static Message[] newerThan(Folder folder, long last) throws MessagingException {
    UIDFolder uids = (UIDFolder) folder;
    // "n:*" names the last message even when its UID is below n: filtered again here.
    List<Message> out = new ArrayList<>();
    for (Message m : uids.getMessagesByUID(last + 1, UIDFolder.LASTUID)) {
      if (m != null && uids.getUID(m) > last) {
        out.add(m);
      }
    }
    return out.toArray(Message[]::new);
  }

  /** Records that the intake has looked at every message up to {@code uid}. */
  private void advance(long validity, long uid) {
    jdbc.sql(
            """
            insert into rights_mail_cursor (mailbox, uid_validity, last_uid)
            values (:mailbox, :validity, :uid)
            on conflict (mailbox) do update set
              last_uid = case when rights_mail_cursor.uid_validity = excluded.uid_validity
                then greatest(rights_mail_cursor.last_uid, excluded.last_uid)
                else excluded.last_uid end,
              uid_validity = excluded.uid_validity
            """)
        .param("mailbox", settings.mailboxKey())
        .param("validity", validity)
        .param("uid", uid)
        .update();
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
              advance(validity, uid);
              if (!fresh) {
                return Optional.<String>empty();
              }
              String result;
              String reference = null;
              if (message.skipReason() != null) {
                result = "skipped: " + message.skipReason();
              } else if (message.replyTo() != null) {
                // Left as mail for the people who answer it, and noted on the request.
                requests.note(
                    message.replyTo(),
                    "requester-mail",
                    "the requester wrote about this request by e-mail; the message is in the"
                        + " mailbox",
                    ACTOR);
                reference = message.replyTo();
                result = "a message about request " + reference + ", noted on it";
              } else if (message.request() == null) {
                result = CORRESPONDENCE;
                if (message.contactRole() != null) {
                  // Left as mail, but tracked with its contact's response clock (B-39).
                  Instant received =
                      message.receivedAt() == null || message.receivedAt().isAfter(now)
                          ? now
                          : message.receivedAt();
                  events.publishEvent(
                      new ContactMailArrived(
                          message.property(), message.contactRole(), message.keyHash(), received));
                }
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
                  .param(
                      "outcome",
                      reference == null ? result : message.replyTo() != null ? "reply" : "request")
                  .param("reference", reference)
                  .param("mailbox", settings.mailboxKey())
                  .param("hash", message.keyHash())
                  .update();
              return Optional.of(result);
            });
    try {
      // Only a message that became a request is marked read: correspondence stays as it came,
      // for the people who answer it.
      if (message.request() != null) {
        m.setFlag(Flags.Flag.SEEN, true);
      }
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
    Optional<String> automatic = AutomaticMail.reason(m);
    if (automatic.isPresent()) {
      return Incoming.skipped(key, "automatic message (" + automatic.get() + ")");
    }
    Optional<String> sender = sender(m);
    if (sender.isEmpty()) {
      return Incoming.skipped(key, "no usable sender address");
    }
    if (sender.get().toLowerCase(Locale.ROOT).startsWith("mailer-daemon@")) {
      return Incoming.skipped(key, "automatic message (sent by a mailer daemon)");
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
    Optional<RightsRequest> answered = answered(p, m.getSubject(), sender.get());
    if (answered.isPresent()) {
      // "Re: Your privacy request R-…": the requester writing about their request, which is no new
      // request (each reply opened another, acknowledged with another subject to reply to).
      return Incoming.reply(
          key, p.id().value(), answered.get().reference(), otherRole(p, recipients));
    }
    RightsRequestKind kind = null;
    ObjectionPurpose purpose = null;
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
    if (kind == null) {
      kind = PrivacySubjects.kind(subject).map(k -> offered(p, k)).orElse(null);
      if (kind == RightsRequestKind.OBJECTION) {
        purpose = PrivacySubjects.purpose(subject, RequestForm.purposes(p.policy())).orElse(null);
        if (purpose == null) {
          kind = RightsRequestKind.INQUIRY; // which use they object to is for the reply to ask
        }
      }
    }
    if (kind == null && privacyOnly(p, recipients)) {
      kind = RightsRequestKind.INQUIRY; // every message to a privacy contact is tracked (B-39)
    }
    Instant received = m.getReceivedDate() == null ? null : m.getReceivedDate().toInstant();
    if (kind == null) {
      return Incoming.correspondence(key, p.id().value(), otherRole(p, recipients), received);
    }
    return new Incoming(
        Incoming.hash(key),
        null,
        received,
        new NewRightsRequest(
            p.id().value(),
            kind,
            purpose,
            RequestChannel.EMAIL,
            channelId,
            sender.get(),
            null,
            null,
            false));
  }

  /** The request of {@code p} whose reference the subject names, when {@code sender} made it. */
  private Optional<RightsRequest> answered(ServedProperty p, String subject, String sender) {
    if (subject == null) {
      return Optional.empty();
    }
    Matcher m = REFERENCE.matcher(subject);
    while (m.find()) {
      Optional<RightsRequest> r =
          requests
              .byReference(m.group().toUpperCase(Locale.ROOT))
              .filter(found -> found.property().equals(p.id().value()))
              .filter(found -> sender.equalsIgnoreCase(found.requesterAddress()));
      if (r.isPresent()) {
        return r;
      }
    }
    return Optional.empty();
  }

  /** The kind, when the property grants it; a privacy request of another kind is an inquiry. */
  private static RightsRequestKind offered(ServedProperty p, RightsRequestKind kind) {
    return kind == RightsRequestKind.INQUIRY || RequestForm.kinds(p.policy()).contains(kind)
        ? kind
        : RightsRequestKind.INQUIRY;
  }

  /**
   * Whether a recipient is an address the policy gives to privacy matters only: no editorial,
   * support or security contact shares it.
   */
  static boolean privacyOnly(ServedProperty p, List<String> recipients) {
    for (String recipient : recipients) {
      List<Contact.Role> roles =
          p.policy().contacts().stream()
              .filter(c -> c.email() != null && c.email().equalsIgnoreCase(recipient))
              .map(Contact::role)
              .toList();
      if (!roles.isEmpty() && PRIVACY_ROLES.containsAll(roles)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first contact role, other than a privacy one, whose address is among the recipients: whose
   * queue a message that is no privacy request belongs to (B-39); null when none is.
   */
  static String otherRole(ServedProperty p, List<String> recipients) {
    return p.policy().contacts().stream()
        .filter(c -> !PRIVACY_ROLES.contains(c.role()) && c.email() != null)
        .filter(c -> recipients.contains(c.email().toLowerCase(Locale.ROOT)))
        .map(c -> c.role().key())
        .findFirst()
        .orElse(null);
  }

  static Optional<String> sender(Message m) {
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
      // The same check as the privacy center's form: a header the parser reads leniently (a
      // local name with spaces, no domain — found by IncomingMailFuzzTest) is no address to answer.
      if (a instanceof InternetAddress ia
          && ia.getAddress() != null
          && RequesterAddress.valid(ia.getAddress().strip())) {
        return Optional.of(ia.getAddress().strip());
      }
    }
    return Optional.empty();
  }

  static List<String> recipients(Message m) {
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
   * @param skipReason why the message opens no request although it may be one, or {@code null}
   * @param request what it asks for; {@code null} for a skipped message and for correspondence
   * @param property for correspondence, the property whose address received it
   * @param contactRole for correspondence, the contact role it reached, or null
   * @param replyTo the reference of the sender's request the message is about, or null
   */
  private record Incoming(
      String keyHash,
      String skipReason,
      Instant receivedAt,
      NewRightsRequest request,
      String property,
      String contactRole,
      String replyTo) {

    Incoming(String keyHash, String skipReason, Instant receivedAt, NewRightsRequest request) {
      this(keyHash, skipReason, receivedAt, request, null, null, null);
    }

    /** About the request {@code reference}: noted on it, left in the mailbox as it came. */
    static Incoming reply(String key, String property, String reference, String contactRole) {
      return new Incoming(hash(key), null, null, null, property, contactRole, reference);
    }

    static Incoming skipped(String key, String reason) {
      return new Incoming(hash(key), reason, null, null);
    }

    /** Not a privacy request: left in the mailbox as it came. */
    static Incoming correspondence(
        String key, String property, String contactRole, Instant receivedAt) {
      return new Incoming(hash(key), null, receivedAt, null, property, contactRole, null);
    }

    static String hash(String key) {
      return HexFormat.of().formatHex(RightsRequests.sha256(key));
    }
  }
}
