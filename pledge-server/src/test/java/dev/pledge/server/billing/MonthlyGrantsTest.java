package dev.pledge.server.billing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly periods (B-04, B-07) at a controlled clock: the job runs at chosen instants, grants
 * each period's credits once, applies a downgrade or cancellation at the period's end, and skips an
 * account whose payment is overdue.
 */
@WithRunningServer
class MonthlyGrantsTest {

  @Autowired MonthlyGrants grants;
  @Autowired Enrolment enrolment;
  @Autowired Subscriptions subscriptions;
  @Autowired PlanChanges changes;
  @Autowired Credits credits;
  @Autowired Plans plans;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  /** An account enrolled at {@code start}: a time far from today, so no other run touches it. */
  private String enrolled(Instant start) {
    String id = StudioTestAccounts.create(jdbc, "Mona", "en").id();
    tx.executeWithoutResult(t -> enrolment.ensure(id, start));
    return id;
  }

  private long grants(String id) {
    return jdbc.sql(
            "select count(*) from billing_credit_entry where account_id = :a and kind = 'monthly-grant'")
        .param("a", id)
        .query(Long.class)
        .single();
  }

  private void onPlan(String id, String plan, String next) {
    Subscription s = subscriptions.find(id).orElseThrow();
    tx.executeWithoutResult(
        t ->
            subscriptions.update(
                new Subscription(
                    id,
                    plan,
                    s.status(),
                    s.periodStart(),
                    s.periodEnd(),
                    next,
                    null,
                    null,
                    s.updatedAt()),
                s.updatedAt()));
  }

  @Test
  @DisplayName("B-04 at the period's end the next period starts and its credits are granted, once")
  void grantsOncePerPeriod() {
    Instant start = Instant.parse("2030-01-31T10:00:00Z");
    String id = enrolled(start);
    assertThat(grants(id)).isEqualTo(1);
    Subscription first = subscriptions.find(id).orElseThrow();
    assertThat(first.periodEnd()).isEqualTo(Instant.parse("2030-02-28T10:00:00Z"));

    Instant before = first.periodEnd().minusSeconds(1);
    grants.run(before);
    assertThat(grants(id)).as("not due yet").isEqualTo(1);

    Instant at = first.periodEnd().plusSeconds(60);
    grants.run(at);
    grants.run(at.plusSeconds(600)); // the job's next run, and a second instance, find nothing
    assertThat(grants(id)).isEqualTo(2);
    Subscription second = subscriptions.find(id).orElseThrow();
    assertThat(second.periodStart()).isEqualTo(first.periodEnd());
    assertThat(second.periodEnd()).isEqualTo(Instant.parse("2030-03-28T10:00:00Z"));
    assertThat(
            jdbc.sql(
                    "select reference from billing_credit_entry where account_id = :a and kind ="
                        + " 'monthly-grant' order by created_at desc limit 1")
                .param("a", id)
                .query(String.class)
                .single())
        .isEqualTo(MonthlyGrants.reference(first.periodEnd()));
  }

  @Test
  @DisplayName(
      "B-04 periods missed while the server was down are not granted back: only the current one")
  void missedPeriods() {
    Instant start = Instant.parse("2031-05-10T00:00:00Z");
    String id = enrolled(start);
    Instant later = start.atZone(ZoneOffset.UTC).plusMonths(3).plusDays(5).toInstant();
    grants.run(later);
    assertThat(grants(id)).isEqualTo(2);
    Subscription s = subscriptions.find(id).orElseThrow();
    assertThat(s.periodStart()).isEqualTo(start.atZone(ZoneOffset.UTC).plusMonths(3).toInstant());
    assertThat(s.periodEnd()).isAfter(later);
  }

  @Test
  @DisplayName(
      "B-07 a downgrade or cancellation asked for takes effect at the period's end, then the new plan's credits come")
  void changesAtPeriodEnd() {
    Instant start = Instant.parse("2032-07-01T08:00:00Z");
    String id = enrolled(start);
    onPlan(id, "enterprise", "pro");
    assertThat(plans.of(id).id()).isEqualTo("enterprise");
    Subscription s = subscriptions.find(id).orElseThrow();
    grants.run(s.periodEnd().plus(Duration.ofMinutes(5)));
    assertThat(plans.of(id).id()).isEqualTo("pro");
    assertThat(subscriptions.find(id).orElseThrow().nextPlanId()).isNull();
    long pro = plans.byId("pro").orElseThrow().monthlyCredits();
    assertThat(
            jdbc.sql(
                    "select credits from billing_credit_entry where account_id = :a and kind ="
                        + " 'monthly-grant' order by created_at desc limit 1")
                .param("a", id)
                .query(Long.class)
                .single())
        .isEqualTo(pro);
    assertThat(changes.of(id, 5)).extracting(PlanChanges.Change::kind).contains("downgraded");

    onPlan(id, "pro", "free");
    Subscription p = subscriptions.find(id).orElseThrow();
    grants.run(p.periodEnd().plus(Duration.ofMinutes(5)));
    assertThat(plans.of(id).id()).isEqualTo("free");
    assertThat(changes.of(id, 5)).extracting(PlanChanges.Change::kind).contains("cancelled");
  }

  @Test
  @DisplayName("B-07 an account whose payment is overdue gets no new period until it is paid")
  void pastDueWaits() {
    Instant start = Instant.parse("2033-02-15T12:00:00Z");
    String id = enrolled(start);
    Subscription s = subscriptions.find(id).orElseThrow();
    tx.executeWithoutResult(
        t ->
            subscriptions.update(
                new Subscription(
                    id,
                    "pro",
                    Subscription.PAST_DUE,
                    s.periodStart(),
                    s.periodEnd(),
                    null,
                    null,
                    null,
                    s.updatedAt()),
                s.updatedAt()));
    grants.run(s.periodEnd().plus(Duration.ofDays(2)));
    assertThat(grants(id)).isEqualTo(1);
    assertThat(subscriptions.find(id).orElseThrow().periodEnd()).isEqualTo(s.periodEnd());
  }
}
