package dev.pledge.server.privacy;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** Hands each store of a sweep a journal that writes its steps to the audit trail. */
@Component
class RetentionJournals {

  /** A journal that also counts what it recorded. */
  interface Counting extends ExpiryJournal {
    long total();
  }

  Counting journal(RetentionBinding binding, RetentionRule rule, String sweepId, String actor) {
    AtomicLong total = new AtomicLong();
    return new Counting() {
      @Override
      public void expired(long items, String detail) {
        total.addAndGet(items);
      }

      @Override
      public long total() {
        return total.get();
      }
    };
  }
}
