package dev.pledge.server.rights;

import dev.pledge.policy.DataCategory;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectErasure;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.shared.PropertyId;
import jakarta.mail.Address;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The editorial mailbox as a retention store: correspondence is deleted once the last
 * message of its thread is older than the policy's period. A thread is the exchange with one
 * correspondent about one subject (reply and forward prefixes ignored). A message's time is the
 * earlier of its Date header and its arrival, so a future-dated message cannot keep a thread alive.
 * Only headers are read; nothing about a message leaves this class but counts.
 *
 * <p>It is also where rights over correspondence are exercised: the person named by an
 * e-mail address can have their messages handed over ({@link SubjectExport}) or deleted ({@link
 * SubjectErasure}); {@link CorrespondentSearch} says which messages are theirs. This folder is the
 * privacy mailbox the intake reads too, so the mail that asked for the erasure goes with the rest:
 * the request's record keeps the address and its history as the proof, and a user who asked for
 * their correspondence to be erased does not expect that one message to stay. What must not be lost
 * is a message the intake has not read yet (it may be a further request), so an erasure first lets
 * the intake read the mailbox and then deletes only messages it has read; one arriving in between
 * stays, and the receipt shows it as remaining.
 *
 * <p>The editors' replies usually sit in other folders of the same mailbox ({@code
 * pledge.mail.imap.other-folders}, e.g. Sent). They belong to the same threads: a thread's last
 * message is found across all folders, and its messages expire together wherever they are. Those
 * folders have no intake, so an erasure takes every matching message there. A configured folder
 * that does not exist fails the store rather than being skipped: skipping would let replies outlive
 * their threads and let an erasure receipt claim a completeness it does not have.
 */
@Component
class CorrespondenceMailbox implements RetentionStores {

  static final String CATEGORY = "user.contact.correspondence";
  private static final Logger log = LoggerFactory.getLogger(CorrespondenceMailbox.class);

  private final RightsMailSettings settings;
  private final PolicyCatalog catalog;
  private final TransactionTemplate tx;
  private final ObjectProvider<RightsMailIntake> intake;

  CorrespondenceMailbox(
      RightsMailSettings settings,
      PolicyCatalog catalog,
      TransactionTemplate tx,
      ObjectProvider<RightsMailIntake> intake) {
    this.settings = settings;
    this.catalog = catalog;
    this.tx = tx;
    this.intake = intake;
  }

  @Override
  public Collection<RetentionStore> stores() {
    if (!settings.enabled()) {
      return List.of();
    }
    List<RetentionStore> out = new ArrayList<>();
    for (ServedProperty p : catalog.all()) {
      boolean declares =
          p.policy().categories().stream()
              .anyMatch(c -> c.id().equals(CATEGORY) && c.collected() != DataCategory.Collected.NO);
      boolean mailboxIsTheirs =
          settings.property() == null || settings.property().equals(p.id().value());
      if (declares && mailboxIsTheirs) {
        out.add(new Mailbox(p.id()));
      }
    }
    return out;
  }

  /** One message's folder, thread and time. */
  private record Mail(Folder folder, Message message, String thread, Instant at) {}

  static final String OTHER_FOLDERS_SETTING = "pledge.mail.imap.other-folders";

  private final class Mailbox implements RetentionStore, SubjectErasure, SubjectExport {
    private final PropertyId property;

    Mailbox(PropertyId property) {
      this.property = property;
    }

    @Override
    public String name() {
      return "mailbox.correspondence";
    }

    @Override
    public PropertyId property() {
      return property;
    }

    @Override
    public String category() {
      return CATEGORY;
    }

    @Override
    public String description() {
      String folders =
          settings.otherFolders().isEmpty()
              ? "the IMAP folder " + settings.folder()
              : "the IMAP folders " + String.join(", ", covered());
      return folders
          + " of the privacy mailbox (an item is a message; a thread expires as a whole)";
    }

    @Override
    public StoreContents inspect(RetentionRule rule) {
      try {
        return PrivacyMailbox.withFolders(
            settings,
            covered(),
            Folder.READ_ONLY,
            folders -> {
              List<Mail> mails = read(folders);
              Map<String, Instant> last = lastByThread(mails);
              Instant cutoff = rule.cutoff().orElse(null);
              long due = mails.stream().filter(m -> isDue(last.get(m.thread()), cutoff)).count();
              Instant oldest = mails.stream().map(Mail::at).min(Instant::compareTo).orElse(null);
              Instant nextDue =
                  last.values().stream()
                      .filter(t -> !isDue(t, cutoff))
                      .min(Instant::compareTo)
                      .flatMap(rule::dueAt)
                      .orElse(null);
              return new StoreContents(mails.size(), due, oldest, nextDue);
            });
      } catch (MessagingException e) {
        throw failed(e);
      }
    }

    @Override
    public void expire(RetentionRule rule, ExpiryJournal journal) {
      Instant cutoff = rule.cutoff().orElse(null);
      if (cutoff == null) {
        return;
      }
      try {
        PrivacyMailbox.withFolders(
            settings,
            covered(),
            Folder.READ_WRITE,
            folders -> {
              // The last message of a thread is looked for in every folder: a reply in Sent keeps
              // its thread in INBOX alive, and the other way round.
              List<Mail> mails = read(folders);
              Map<String, Instant> last = lastByThread(mails);
              for (Folder folder : folders) {
                List<Message> due = new ArrayList<>();
                Set<String> threads = new HashSet<>();
                for (Mail m : mails) {
                  if (m.folder() == folder && isDue(last.get(m.thread()), cutoff)) {
                    due.add(m.message());
                    threads.add(m.thread());
                  }
                }
                if (!due.isEmpty()) {
                  String detail =
                      threads.size() + " thread(s) past their last message's retention deleted";
                  expunge(folder, due, journal, detail + inFolder(folder));
                }
              }
              return null;
            });
      } catch (MessagingException e) {
        throw failed(e);
      }
    }

    @Override
    public long count(String subjectId) {
      return eachMessageOf(subjectId, m -> {});
    }

    @Override
    public ErasureResult erase(
        String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal) {
      Optional<CorrespondentSearch> search = search(subjectId);
      if (search.isEmpty()) {
        return new ErasureResult(0, 0, null);
      }
      var hold = rule.retention().legalHold();
      if (hold != null) {
        // A message cannot be unlinked from its own headers: under a hold it stays whole, and the
        // receipt shows it as held and still remaining.
        return new ErasureResult(0, count(subjectId), hold.reason());
      }
      // Every message already here becomes a tracked request (or is marked as handled) first.
      intake.ifAvailable(RightsMailIntake::poll);
      try {
        long erased =
            PrivacyMailbox.withFolders(
                settings,
                covered(),
                Folder.READ_WRITE,
                folders -> {
                  long n = 0;
                  for (Folder folder : folders) {
                    // Only the main folder has an intake: there, an unread message may be a
                    // further request and stays. The other folders have nothing left to read.
                    boolean main = folder == folders.get(0);
                    List<Message> theirs =
                        search
                            .get()
                            .find(
                                folder,
                                main ? new FlagTerm(new Flags(Flags.Flag.SEEN), true) : null);
                    if (!theirs.isEmpty()) {
                      expunge(
                          folder,
                          theirs,
                          journal,
                          "message(s) from or to the person deleted from the mailbox"
                              + inFolder(folder));
                      n += theirs.size();
                    }
                  }
                  return n;
                });
        return new ErasureResult(erased, 0, null);
      } catch (MessagingException e) {
        throw failed(e);
      }
    }

    @Override
    public long export(String subjectId, Consumer<Map<String, Object>> items) {
      return eachMessageOf(subjectId, m -> items.accept(MessageExportItem.of(m)));
    }

    /** A step on one message of an open folder. */
    @FunctionalInterface
    private interface MessageWork {
      void on(Message m) throws MessagingException;
    }

    /**
     * Runs {@code work} on every message from or to {@code subjectId} in every covered folder, read
     * only; how many there were (none for a subject that is not a person's address).
     */
    private long eachMessageOf(String subjectId, MessageWork work) {
      Optional<CorrespondentSearch> search = search(subjectId);
      if (search.isEmpty()) {
        return 0;
      }
      try {
        return PrivacyMailbox.withFolders(
            settings,
            covered(),
            Folder.READ_ONLY,
            folders -> {
              long n = 0;
              for (Folder folder : folders) {
                for (Message m : search.get().find(folder, null)) {
                  work.on(m);
                  n++;
                }
              }
              return n;
            });
      } catch (MessagingException e) {
        throw failed(e);
      }
    }

    /**
     * The search for a subject that is an e-mail address. The property's own addresses are not a
     * person's: every message here is from or to them, and "erasing" them would empty the mailbox.
     */
    private Optional<CorrespondentSearch> search(String subjectId) {
      Optional<CorrespondentSearch> search = CorrespondentSearch.of(subjectId);
      Set<String> own = new HashSet<>();
      catalog.byId(property.value()).ifPresent(p -> own.addAll(RightsMailIntake.ownAddresses(p)));
      own.add(settings.user() == null ? "" : settings.user().toLowerCase(Locale.ROOT));
      return search.filter(s -> !own.contains(s.address()));
    }

    private List<Mail> read(List<Folder> folders) throws MessagingException {
      Set<String> own = new HashSet<>();
      catalog.byId(property.value()).ifPresent(p -> own.addAll(RightsMailIntake.ownAddresses(p)));
      // Replies in Sent are from the login: it is the mailbox's side, never the correspondent.
      own.add(settings.user() == null ? "" : settings.user().toLowerCase(Locale.ROOT));
      List<Mail> out = new ArrayList<>();
      for (Folder folder : folders) {
        Message[] messages = folder.getMessages();
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.ENVELOPE);
        folder.fetch(messages, profile);
        for (Message m : messages) {
          if (m.isSet(Flags.Flag.DELETED)) {
            continue;
          }
          Instant at = time(m);
          if (at != null) {
            out.add(
                new Mail(
                    folder,
                    m,
                    correspondent(m, own) + "\n" + RightsMailIntake.normalizeSubject(subject(m)),
                    at));
          }
        }
      }
      return out;
    }

    /** Deletes the messages; recorded in the transaction that expunges: if it fails, no entry. */
    private void expunge(
        Folder folder, List<Message> messages, ExpiryJournal journal, String detail)
        throws MessagingException {
      folder.setFlags(messages.toArray(Message[]::new), new Flags(Flags.Flag.DELETED), true);
      tx.executeWithoutResult(
          status -> {
            journal.expired(messages.size(), detail);
            try {
              folder.expunge();
            } catch (MessagingException e) {
              throw failed(e);
            }
          });
    }

    /** Nothing for the main folder, so its entries read as they always have. */
    private String inFolder(Folder folder) {
      return folder.getFullName().equals(settings.folder())
          ? ""
          : " (folder " + folder.getFullName() + ")";
    }
  }

  /** The main folder first, then the others, each once. */
  private List<String> covered() {
    Set<String> names = new LinkedHashSet<>();
    names.add(settings.folder());
    settings.otherFolders().stream()
        .map(String::strip)
        .filter(n -> !n.isEmpty())
        .forEach(names::add);
    return List.copyOf(names);
  }

  private static boolean isDue(Instant lastMessage, Instant cutoff) {
    return cutoff != null && lastMessage != null && lastMessage.isBefore(cutoff);
  }

  private static Map<String, Instant> lastByThread(List<Mail> mails) {
    Map<String, Instant> last = new HashMap<>();
    mails.forEach(m -> last.merge(m.thread(), m.at(), (a, b) -> a.isAfter(b) ? a : b));
    return last;
  }

  /** The earlier of the Date header and the arrival; null when neither can be read. */
  private static Instant time(Message m) {
    Instant sent = null;
    Instant received = null;
    try {
      Date d = m.getSentDate();
      sent = d == null ? null : d.toInstant();
    } catch (MessagingException | RuntimeException e) {
      // an unreadable Date header: the arrival time decides
    }
    try {
      Date d = m.getReceivedDate();
      received = d == null ? null : d.toInstant();
    } catch (MessagingException | RuntimeException e) {
      // no arrival time: the Date header decides
    }
    if (sent == null || received == null) {
      return sent == null ? received : sent;
    }
    return sent.isBefore(received) ? sent : received;
  }

  /** The other party: the sender, or for the mailbox's own messages the first recipient. */
  private static String correspondent(Message m, Set<String> own) {
    try {
      String from = first(m.getFrom());
      if (from != null && !own.contains(from)) {
        return from;
      }
      String to = first(m.getRecipients(Message.RecipientType.TO));
      return to == null ? "" : to;
    } catch (MessagingException | RuntimeException e) {
      return "";
    }
  }

  private static String first(Address[] addresses) {
    if (addresses == null) {
      return null;
    }
    for (Address a : addresses) {
      if (a instanceof InternetAddress ia && ia.getAddress() != null) {
        return ia.getAddress().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  private static String subject(Message m) {
    try {
      return m.getSubject();
    } catch (MessagingException | RuntimeException e) {
      return "";
    }
  }

  private IllegalStateException failed(MessagingException e) {
    if (e instanceof FolderNotFoundException missing) {
      String name = missing.getFolder() == null ? "?" : missing.getFolder().getFullName();
      String setting =
          name.equals(settings.folder()) ? "pledge.mail.imap.folder" : OTHER_FOLDERS_SETTING;
      String message =
          "the folder \""
              + name
              + "\" named in "
              + setting
              + " does not exist on the privacy mailbox "
              + settings.host()
              + ":"
              + settings.port()
              + "; create it there or correct the setting";
      log.warn("Privacy mailbox: {}", message);
      return new IllegalStateException(message);
    }
    return unreachable(e);
  }

  private IllegalStateException unreachable(MessagingException e) {
    // The server's text may echo the login; the exception's type is enough to act on.
    log.warn(
        "Privacy mailbox {}:{} could not be swept ({})",
        settings.host(),
        settings.port(),
        e.getClass().getSimpleName());
    return new IllegalStateException(
        "the privacy mailbox could not be read (" + e.getClass().getSimpleName() + ")");
  }
}
