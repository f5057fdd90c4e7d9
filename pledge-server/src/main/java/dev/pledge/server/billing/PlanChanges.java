package dev.pledge.server.billing;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of each account's plan ({@code billing_subscription_change}, a payment record under
 * the legal hold): every start, upgrade, downgrade, cancellation and end, asked for or effective.
 * Runs in the caller's transaction.
 */
@Repository
class PlanChanges {

  static final String STARTED = "started";
  static final String UPGRADED = "upgraded";
  static final String DOWNGRADE_ASKED = "downgrade-asked";
  static final String DOWNGRADED = "downgraded";
  static final String CANCEL_ASKED = "cancel-asked";
  static final String RESUMED = "resumed";
  static final String CANCELLED = "cancelled";
  static final String PAST_DUE = "past-due";
  static final String ENDED = "ended";

  /** One change, as the plans page lists it. */
  record Change(String kind, String fromPlan, String toPlan, Instant effectiveAt, Instant at) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  PlanChanges(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  void record(
      String accountId,
      String kind,
      String fromPlan,
      String toPlan,
      Instant effectiveAt,
      String processorRef) {
    record(accountId, kind, fromPlan, toPlan, effectiveAt, processorRef, clock.instant());
  }

  void record(
      String accountId,
      String kind,
      String fromPlan,
      String toPlan,
      Instant effectiveAt,
      String processorRef,
      Instant at) {
    jdbc.sql(
            """
            insert into billing_subscription_change (id, account_id, kind, from_plan, to_plan,
              effective_at, processor_ref, created_at)
            values (:id, :a, :kind, :from, :to, :effective, :ref, :at)
            """)
        .param("id", UUID.randomUUID().toString())
        .param("a", accountId)
        .param("kind", kind)
        .param("from", fromPlan)
        .param("to", toPlan)
        .param("effective", Timestamp.from(effectiveAt))
        .param("ref", processorRef)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** The change asked for the end of {@code s}'s period took effect at {@code at}. */
  void took(Subscription s, String nextPlanId, Instant at) {
    record(
        s.accountId(),
        PlanCatalog.FREE.equals(nextPlanId) ? CANCELLED : DOWNGRADED,
        s.planId(),
        nextPlanId,
        at,
        s.processorSubscription());
  }

  /** The account's changes, newest first. */
  List<Change> of(String accountId, int limit) {
    return jdbc.sql(
            "select kind, from_plan, to_plan, effective_at, created_at from"
                + " billing_subscription_change where account_id = :a"
                + " order by created_at desc, id limit :limit")
        .param("a", accountId)
        .param("limit", limit)
        .query(
            (rs, i) ->
                new Change(
                    rs.getString("kind"),
                    rs.getString("from_plan"),
                    rs.getString("to_plan"),
                    rs.getTimestamp("effective_at").toInstant(),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }
}
