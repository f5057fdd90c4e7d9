package dev.pledge.server.retention;

/**
 * Where a {@link RetentionStore} reports what it expired, step by step. Each call writes an audit
 * entry in the caller's current transaction, so it commits or rolls back with the step itself.
 */
public interface ExpiryJournal {

  /**
   * Records one committed-with-this-transaction step.
   *
   * @param items how many items the step expired (rows, files, partitions' rows, messages)
   * @param detail what the step was, without personal data (e.g. "partition 2026-08-20 dropped")
   */
  void expired(long items, String detail);
}
