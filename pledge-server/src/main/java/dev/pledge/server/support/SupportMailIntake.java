package dev.pledge.server.support;

import dev.pledge.server.accounts.AccountStatus;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.rights.ContactMailArrived;
import dev.pledge.server.studio.Studio;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads the support mailbox ({@code pledge.support.mailbox.*}) the way the engine reads the privacy
 * mailbox: unseen messages, each handled once (its Message-ID's hash recorded in the transaction
 * that acts on it), log lines naming the IMAP UID and the outcome, never an address or a subject.
 *
 * <ul>
 *   <li>A reply to a ticket carries the ticket's reply key in its subject ({@code
 *       [#XXXX-XXXX-XXXX]}, only ever sent to the ticket's owner) and must come from the owner's
 *       address: then its text, cut above the quoted announcement, joins the thread and the ticket
 *       is open again, and the message leaves the mailbox (the thread is the one copy, erased and
 *       expired with it). A reply from any other address, or to an unknown key, is not attached; it
 *       stays in the mailbox, read, for a person to look at, and nobody is answered (no
 *       back-scatter).
 *   <li>{@code mailto:} unsubscribing (RFC 8058's second address): a subject {@code unsubscribe-}
 *       and a marketing e-mail's token unsubscribes its recipient from that e-mail's topic.
 *   <li>Everything else stays in the mailbox, read, for a person; a message that is no ticket reply
 *       is tracked in the contacts' queue with the policy's clock (B-39).
 * </ul>
 *
 * <p>A From address can be forged; the reply key is the second thing a forger would need, and it
 * only travels in e-mails to the owner.
 */
@Component
class SupportMailIntake {

  private static final Logger log = LoggerFactory.getLogger(SupportMailIntake.class);

  static final Pattern REPLY_KEY = Pattern.compile("\\[#([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})]");
  static final Pattern UNSUBSCRIBE =
      Pattern.compile("^\\s*unsubscribe-([0-9a-f]{64})\\s*$", Pattern.CASE_INSENSITIVE);

  /** A message longer than this is not read at all (the text limit is far below). */
  static final int MAX_READ = 512 * 1024;

  /** Processed-message records are kept this long, then forgotten. */
  static final Duration KEEP_RECORDS = Duration.ofDays(90);

  private final SupportSettings settings;
  private final Tickets tickets;
  private final SupportMail mail;
  private final StudioAccounts accounts;
  private final MarketingPreferences marketing;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Studio studio;
  private final ApplicationEventPublisher events;

  SupportMailIntake(
      SupportSettings settings,
      Tickets tickets,
      SupportMail mail,
      StudioAccounts accounts,
      MarketingPreferences marketing,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      Studio studio,
      ApplicationEventPublisher events) {
    this.settings = settings;
    this.studio = studio;
    this.events = events;
    this.tickets = tickets;
    this.mail = mail;
    this.accounts = accounts;
    this.marketing = marketing;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** What became of a message. */
  /**
   * @param tracked a message a person must answer, tracked in the contacts' queue with the policy's
   *     clock (B-39)
   */
  record Outcome(String text, boolean remove, boolean tracked) {
    static Outcome keep(String text) {
      return new Outcome(text, false, false);
    }

    static Outcome done(String text) {
      return new Outcome(text, true, false);
    }

    static Outcome forPerson(String text) {
      return new Outcome(text, false, true);
    }
  }

  /** Reads new messages once; returns how many were handled now. */
  synchronized int poll() {
    SupportSettings.Mailbox box = settings.mailbox();
    if (!box.enabled()) {
      return 0;
    }
    String protocol = box.ssl() ? "imaps" : "imap";
    Properties props = new Properties();
    props.put("mail." + protocol + ".connectiontimeout", "10000");
    props.put("mail." + protocol + ".timeout", "30000");
    if (box.ssl()) {
      props.put("mail.imaps.ssl.checkserveridentity", "true");
    }
    try (Store store = Session.getInstance(props).getStore(protocol)) {
      store.connect(box.host(), box.port(), box.user(), box.password());
      Folder folder = store.getFolder(box.folder());
      folder.open(Folder.READ_WRITE);
      int handled = 0;
      try {
        Message[] unseen = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add("Message-ID");
        profile.add("Auto-Submitted");
        folder.fetch(unseen, profile);
        long validity = ((UIDFolder) folder).getUIDValidity();
        for (Message m : unseen) {
          if (handle(m, validity, ((UIDFolder) folder).getUID(m))) {
            handled++;
          }
        }
      } finally {
        folder.close(true); // expunges what was attached to a thread
      }
      return handled;
    } catch (MessagingException e) {
      // The server's text may echo the login: the exception's type is enough to act on.
      log.warn(
          "Support mailbox {}:{} could not be read ({}); trying again at the next poll",
          box.host(),
          box.port(),
          e.getClass().getSimpleName());
      return 0;
    }
  }

  /** Handles one message; false when it had been handled before. */
  private boolean handle(Message m, long validity, long uid) {
    String key = messageKey(m, validity, uid);
    Optional<Outcome> outcome =
        tx.execute(
            t -> {
              boolean fresh =
                  jdbc.sql(
                              """
                              insert into support_mail_message (mailbox, message_hash, outcome,
                                processed_at)
                              values (:mailbox, :hash, 'pending', :now)
                              on conflict do nothing
                              """)
                          .param("mailbox", settings.mailbox().key())
                          .param("hash", key)
                          .param("now", Timestamp.from(clock.instant()))
                          .update()
                      == 1;
              if (!fresh) {
                return Optional.<Outcome>empty();
              }
              Outcome o;
              try {
                o = decide(m);
              } catch (MessagingException | IOException e) {
                o = Outcome.keep("unreadable (" + e.getClass().getSimpleName() + ")");
              }
              if (o.tracked()) {
                events.publishEvent(
                    new ContactMailArrived(studio.id(), "support", key, received(m)));
              }
              jdbc.sql(
                      """
                      update support_mail_message set outcome = :outcome
                      where mailbox = :mailbox and message_hash = :hash
                      """)
                  .param("outcome", o.text())
                  .param("mailbox", settings.mailbox().key())
                  .param("hash", key)
                  .update();
              return Optional.of(o);
            });
    try {
      m.setFlag(Flags.Flag.SEEN, true);
      if (outcome != null && outcome.isPresent() && outcome.get().remove()) {
        m.setFlag(Flags.Flag.DELETED, true);
      }
    } catch (MessagingException e) {
      // Recorded already: the next poll finds the hash and tries the flags again.
      log.warn(
          "Support mailbox: message uid {} could not be flagged ({})",
          uid,
          e.getClass().getSimpleName());
    }
    if (outcome == null || outcome.isEmpty()) {
      return false;
    }
    log.info("Support mailbox: message uid {}: {}", uid, outcome.get().text());
    return true;
  }

  /** When the message arrived, or now when the server does not say (or says a future time). */
  private java.time.Instant received(Message m) {
    java.time.Instant now = clock.instant();
    try {
      java.util.Date d = m.getReceivedDate();
      return d == null || d.toInstant().isAfter(now) ? now : d.toInstant();
    } catch (MessagingException e) {
      return now;
    }
  }

  /** What to do with a message, from its headers, then its text. */
  private Outcome decide(Message m) throws MessagingException, IOException {
    String[] auto = m.getHeader("Auto-Submitted");
    if (auto != null && auto.length > 0 && !auto[0].strip().equalsIgnoreCase("no")) {
      return Outcome.keep("skipped: automatic message (Auto-Submitted)");
    }
    String subject = m.getSubject() == null ? "" : m.getSubject();
    Matcher unsubscribe = UNSUBSCRIBE.matcher(subject);
    if (unsubscribe.find()) {
      return marketing
          .unsubscribe(unsubscribe.group(1).toLowerCase(Locale.ROOT), "mail")
          .map(topic -> Outcome.done("unsubscribed by mail from " + topic))
          .orElseGet(() -> Outcome.done("unsubscribe: unknown token, nothing changed"));
    }
    Matcher reply = REPLY_KEY.matcher(subject);
    if (!reply.find()) {
      return Outcome.forPerson("not a reply to a ticket: left for a person, tracked");
    }
    Optional<Ticket> ticket = tickets.byReplyKey(reply.group(1));
    if (ticket.isEmpty()) {
      return Outcome.keep("reply key of no ticket: not attached");
    }
    Ticket t = ticket.get();
    Optional<StudioAccount> owner = accounts.byId(t.accountId());
    if (owner.isEmpty() || owner.get().status() != AccountStatus.ACTIVE) {
      return Outcome.keep("reply to " + t.id() + ": its account is not active, not attached");
    }
    Optional<String> sender = sender(m);
    if (sender.isEmpty() || !sender.get().equalsIgnoreCase(owner.get().email())) {
      return Outcome.keep("reply to " + t.id() + " from another address than its owner's: refused");
    }
    String text = ReplyText.of(plainText(m));
    if (text.isEmpty()) {
      return Outcome.keep("reply to " + t.id() + " without text: not attached");
    }
    if (SupportInputs.length(text) > settings.messageMax()) {
      mail.replyRefused(t, "mail.support.refused.long", settings.messageMax());
      return Outcome.done("reply to " + t.id() + " too long: refused, its owner told");
    }
    tickets.addFromPerson(t.id(), text, "email");
    return Outcome.done("reply attached to " + t.id());
  }

  /** The first plain-text part, else the first HTML part made text; "" when there is none. */
  static String plainText(Part part) throws MessagingException, IOException {
    if (part.getSize() > MAX_READ) {
      return "";
    }
    if (part.isMimeType("text/plain")) {
      return read(part);
    }
    if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multi) {
      String html = null;
      for (int i = 0; i < multi.getCount(); i++) {
        BodyPart p = multi.getBodyPart(i);
        if (Part.ATTACHMENT.equalsIgnoreCase(p.getDisposition())) {
          continue;
        }
        String text = plainText(p);
        if (!text.isEmpty() && !p.isMimeType("text/html")) {
          return text;
        }
        if (html == null && p.isMimeType("text/html")) {
          html = text;
        }
      }
      return html == null ? "" : html;
    }
    if (part.isMimeType("text/html")) {
      return ReplyText.fromHtml(read(part));
    }
    return "";
  }

  private static String read(Part part) throws MessagingException, IOException {
    Object content = part.getContent();
    if (content instanceof String s) {
      return s.length() > MAX_READ ? s.substring(0, MAX_READ) : s;
    }
    if (content instanceof InputStream in) {
      try (in) {
        return new String(in.readNBytes(MAX_READ), StandardCharsets.UTF_8);
      }
    }
    return "";
  }

  private static Optional<String> sender(Message m) {
    Address[] from;
    try {
      from = m.getFrom();
    } catch (MessagingException e) {
      return Optional.empty();
    }
    if (from == null || from.length != 1) {
      return Optional.empty(); // several authors: none of them is the owner for certain
    }
    if (from[0] instanceof InternetAddress ia && ia.getAddress() != null) {
      try {
        ia.validate();
        return Optional.of(ia.getAddress().strip());
      } catch (AddressException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static String messageKey(Message m, long validity, long uid) {
    String key;
    try {
      String[] ids = m.getHeader("Message-ID");
      key =
          ids != null && ids.length > 0 && !ids[0].isBlank()
              ? "id:" + ids[0].strip()
              : "uid:" + validity + ":" + uid;
    } catch (MessagingException e) {
      key = "uid:" + validity + ":" + uid;
    }
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Forgets processed-message records after {@link #KEEP_RECORDS}; returns how many. */
  int tidy() {
    return jdbc.sql("delete from support_mail_message where processed_at < :before")
        .param("before", Timestamp.from(clock.instant().minus(KEEP_RECORDS)))
        .update();
  }
}
