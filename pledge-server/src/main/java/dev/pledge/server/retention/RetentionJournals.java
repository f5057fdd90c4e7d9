package dev.pledge.server.retention;

import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Hands each store of a sweep a journal that writes its steps to the audit trail, in the store's
 * transaction: an entry exists exactly for each committed step.
 */
@Component
class RetentionJournals {

  static final String ACTION = "retention.expired";

  private final AuditTrail audit;

  RetentionJournals(AuditTrail audit) {
    this.audit = audit;
  }

  /** A journal that also counts what it recorded. */
  interface Counting extends ExpiryJournal {
    long total();
  }

  Counting journal(RetentionBinding binding, RetentionRule rule, String sweepId, String actor) {
    return journal(binding, rule, ACTION, null, "sweep", sweepId, actor);
  }

  /** A journal for one person's erasure: the entries carry their pseudonymous reference. */
  Counting erasure(
      RetentionBinding binding, RetentionRule rule, String subjectId, String runId, String actor) {
    return journal(binding, rule, "subject.erased", subjectId, "erasure", runId, actor);
  }

  private Counting journal(
      RetentionBinding binding,
      RetentionRule rule,
      String action,
      String subjectId,
      String runKind,
      String runId,
      String actor) {
    AtomicLong total = new AtomicLong();
    return new Counting() {
      @Override
      public void expired(long items, String detail) {
        audit.append(
            AuditRecord.of(actor, action)
                .property(binding.property().id().value())
                .category(binding.category().id())
                .store(binding.store().name())
                .count(items)
                .subject(subjectId)
                .detail(runKind, runId)
                .detail("rule", rule.describe())
                .detail("step", detail));
        total.addAndGet(items);
      }

      @Override
      public long total() {
        return total.get();
      }
    };
  }
}
