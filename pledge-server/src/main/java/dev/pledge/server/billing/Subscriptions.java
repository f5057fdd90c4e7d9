package dev.pledge.server.billing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code billing_subscription} table, in explicit SQL. */
@Repository
class Subscriptions {

  private static final String SELECT =
      "select account_id, plan_id, status, period_start, period_end, next_plan_id,"
          + " processor_customer, processor_subscription, updated_at from billing_subscription";

  private final JdbcClient jdbc;

  Subscriptions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** One month after {@code start}, by the calendar in UTC (31 January → 28 or 29 February). */
  static Instant monthAfter(Instant start) {
    return start.atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
  }

  Optional<Subscription> find(String accountId) {
    return jdbc.sql(SELECT + " where account_id = :id")
        .param("id", accountId)
        .query(Subscriptions::row)
        .optional();
  }

  /** The row, locked for the rest of the caller's transaction. */
  Optional<Subscription> lock(String accountId) {
    return jdbc.sql(SELECT + " where account_id = :id for update")
        .param("id", accountId)
        .query(Subscriptions::row)
        .optional();
  }

  Optional<Subscription> byProcessorSubscription(String subscriptionId) {
    return jdbc.sql(SELECT + " where processor_subscription = :s")
        .param("s", subscriptionId)
        .query(Subscriptions::row)
        .optional();
  }

  Optional<Subscription> byProcessorCustomer(String customerId) {
    return jdbc.sql(SELECT + " where processor_customer = :c order by updated_at desc limit 1")
        .param("c", customerId)
        .query(Subscriptions::row)
        .optional();
  }

  /**
   * Puts the account on {@code planId} with a period starting {@code now}, unless it has a row;
   * true when this made it.
   */
  boolean createIfAbsent(String accountId, String planId, Instant now) {
    return jdbc.sql(
                """
                insert into billing_subscription (account_id, plan_id, status, period_start,
                  period_end, updated_at)
                values (:id, :plan, 'active', :start, :end, :start)
                on conflict (account_id) do nothing
                """)
            .param("id", accountId)
            .param("plan", planId)
            .param("start", Timestamp.from(now))
            .param("end", Timestamp.from(monthAfter(now)))
            .update()
        == 1;
  }

  /** Active rows whose period ended by {@code now} (the monthly job's work), oldest first. */
  List<String> due(Instant now, int limit) {
    return jdbc.sql(
            "select account_id from billing_subscription where period_end <= :now"
                + " and status = 'active' order by period_end limit :limit")
        .param("now", Timestamp.from(now))
        .param("limit", limit)
        .query(String.class)
        .list();
  }

  /** Plans in use, for the start-up check that each still exists. */
  List<String> plansInUse() {
    return jdbc.sql(
            "select distinct plan_id from billing_subscription union"
                + " select distinct next_plan_id from billing_subscription"
                + " where next_plan_id is not null")
        .query(String.class)
        .list();
  }

  void update(Subscription s, Instant now) {
    jdbc.sql(
            """
            update billing_subscription set plan_id = :plan, status = :status,
              period_start = :start, period_end = :end, next_plan_id = :next,
              processor_customer = :customer, processor_subscription = :subscription,
              updated_at = :now
            where account_id = :id
            """)
        .param("id", s.accountId())
        .param("plan", s.planId())
        .param("status", s.status())
        .param("start", Timestamp.from(s.periodStart()))
        .param("end", Timestamp.from(s.periodEnd()))
        .param("next", s.nextPlanId())
        .param("customer", s.processorCustomer())
        .param("subscription", s.processorSubscription())
        .param("now", Timestamp.from(now))
        .update();
  }

  private static Subscription row(ResultSet rs, int i) throws SQLException {
    return new Subscription(
        rs.getString("account_id"),
        rs.getString("plan_id"),
        rs.getString("status"),
        rs.getTimestamp("period_start").toInstant(),
        rs.getTimestamp("period_end").toInstant(),
        rs.getString("next_plan_id"),
        rs.getString("processor_customer"),
        rs.getString("processor_subscription"),
        rs.getTimestamp("updated_at").toInstant());
  }
}
