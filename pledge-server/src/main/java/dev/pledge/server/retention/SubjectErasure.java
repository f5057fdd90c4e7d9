package dev.pledge.server.retention;

import java.util.Optional;
import java.util.Set;

/**
 * A store that can find one person's items: the erasure half of the SPI, next to {@link
 * RetentionStore}. Rights requests (issue 6) build on it; retention tests use it to prove that a
 * legal hold outlives an erasure (B-20).
 */
public interface SubjectErasure {

  /**
   * False for a store that holds personal data but cannot tell whose it is (a table without a
   * subject column, such as the rights requests themselves, which must outlive the erasure they
   * record): an erasure passes it by instead of failing.
   */
  default boolean findsSubjects() {
    return true;
  }

  /**
   * The ids of everyone the store holds items of, for counting the people a breach of the store
   * affects (B-35); empty when the store cannot list them (a mailbox searched by address only).
   */
  default Optional<Set<String>> subjects() {
    return Optional.empty();
  }

  /** How many items of {@code subjectId} the store holds (the proof after an erasure is 0). */
  long count(String subjectId);

  /**
   * Erases {@code subjectId}'s items. Items under the category's legal hold are kept but unlinked:
   * the subject reference is replaced by {@code pseudonym}, so they still expire on schedule and
   * nothing leads back to the person. Each step calls {@code journal} in its transaction.
   */
  ErasureResult erase(
      String subjectId, String pseudonym, RetentionRule rule, ExpiryJournal journal);

  /**
   * What an erasure did in one store.
   *
   * @param erased items deleted
   * @param held items kept under a legal hold, pseudonymised
   * @param holdReason the law's reason from the policy when items were held, else {@code null}
   */
  record ErasureResult(long erased, long held, String holdReason) {}
}
