package dev.pledge.server.retention;

import dev.pledge.server.shared.PropertyId;
import java.util.Map;
import java.util.Set;

/**
 * A place that holds one data category of one property — a table, a partitioned table, a blob
 * prefix, a log directory, a mailbox — registered by the module that owns it. The retention engine
 * binds it to the category's rule in the policy, asks it what is due and tells it to expire that;
 * {@code pledge verify} asks it the same questions to prove the policy holds.
 *
 * <p>Implementations register as Spring beans. {@link TableRetentionStore} covers ordinary tables;
 * partitioned tables, files and mailboxes implement this interface themselves.
 */
public interface RetentionStore {

  /** A stable name, unique across the server, used in plans, audit entries and reports. */
  String name();

  /** The property whose policy governs this store. */
  PropertyId property();

  /** The id of the policy category this store holds, e.g. {@code user.device.access_logs}. */
  String category();

  /** What this store is, for people: "daily partitions of analytics_event". */
  String description();

  /**
   * Other categories of the same policy whose data lives inside this store's items and goes with
   * them: the replacement text of a text edit ({@code user.content.image_text}) is a field of the
   * edit's row in the editing history. The engine counts such a category as enforced only when this
   * store's rule deletes the items no later than the category's own rule would ({@link
   * RetentionEngine#gaps}); otherwise it reports it. Empty by default.
   */
  default Set<String> alsoHolds() {
    return Set.of();
  }

  /**
   * What this store holds, for people, when its category's title alone does not tell it apart from
   * another store of the same category: "Records of your privacy requests" beside the mailbox's
   * "Messages in our mailbox", both "Email correspondence". Receipts write it before the title.
   * {@code null} when the category's title says it.
   */
  default String label() {
    return null;
  }

  /**
   * The database tables this store covers, so that the completeness check can tell registered
   * tables from forgotten ones. Empty for stores outside the database.
   */
  default Set<String> tables() {
    return Set.of();
  }

  /**
   * For stores outside the database: how many items contain each kind of raw identifier ({@link
   * IdentifierPatterns#kindsIn}), for {@code pledge verify} on categories declared anonymised.
   * Database tables are scanned through {@link #tables()} instead.
   */
  default Map<String, Long> scanForIdentifiers() {
    return Map.of();
  }

  /**
   * What a process needs to reach this store, when it is not the database: "the privacy mailbox
   * over IMAP (pledge.mail.imap.*)". A CLI command started without it names the store as not
   * reached, and why, instead of leaving it out. {@code null} for stores in the database or on the
   * data directory.
   */
  default String reachedThrough() {
    return null;
  }

  /** How many items the store holds and how many are due under {@code rule}. */
  StoreContents inspect(RetentionRule rule);

  /**
   * Expires everything due under {@code rule}, in steps short enough not to stall writers. After
   * each step the store calls {@link ExpiryJournal#expired} <em>inside the transaction that made
   * the step</em>, so a crash leaves every committed step recorded exactly once and nothing else.
   * Running it again after a crash finishes the rest; running it when nothing is due does nothing.
   */
  void expire(RetentionRule rule, ExpiryJournal journal);
}
