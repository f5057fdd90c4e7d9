package dev.pledge.server.devapi;

import dev.pledge.server.billing.Credits;
import dev.pledge.server.billing.Plans;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code credits.low}: sent when an account's balance drops below its threshold — {@code
 * pledge.api.webhooks.credits-low-percent} (10) per cent of its plan's monthly credits — once per
 * crossing: the balance last seen is kept, and the event goes again only after the balance was back
 * at or above the threshold. Only accounts with an endpoint that chose the event are looked at.
 */
@Component
class CreditAlerts {

  static final String EVENT = "credits.low";

  private final JdbcClient jdbc;
  private final Credits credits;
  private final Plans plans;
  private final WebhookEvents events;
  private final ApiAccounts accounts;
  private final Clock clock;
  private final int percent;

  CreditAlerts(
      JdbcClient jdbc,
      Credits credits,
      Plans plans,
      WebhookEvents events,
      ApiAccounts accounts,
      Clock clock,
      @Value("${pledge.api.webhooks.credits-low-percent:10}") int percent) {
    if (percent < 1 || percent > 100) {
      throw new IllegalArgumentException(
          "pledge.api.webhooks.credits-low-percent is "
              + percent
              + "; give a whole number from 1 to 100 (per cent of the plan's monthly credits)");
    }
    this.jdbc = jdbc;
    this.credits = credits;
    this.plans = plans;
    this.events = events;
    this.accounts = accounts;
    this.clock = clock;
    this.percent = percent;
  }

  /** Below this many credits the account's balance is low. */
  long threshold(String account) {
    long monthly = plans.of(account).monthlyCredits();
    return Math.max(1, (monthly * percent + 99) / 100);
  }

  /** Looks at every account that wants the event. */
  void check() {
    List<String> watching =
        jdbc.sql(
                "select distinct account_id from api_webhook where disabled_at is null"
                    + " and (',' || events || ',') like :e")
            .param("e", "%," + EVENT + ",%")
            .query(String.class)
            .list();
    for (String account : watching) {
      if (accounts.inUse(account)) {
        check(account);
      }
    }
  }

  void check(String account) {
    long balance = credits.balance(account);
    long threshold = threshold(account);
    boolean low = balance < threshold;
    Boolean wasLow =
        jdbc.sql("select low from api_credit_alert where account_id = :a")
            .param("a", account)
            .query(Boolean.class)
            .optional()
            .orElse(null);
    if (wasLow != null && wasLow == low) {
      return;
    }
    // Claimed by the update, so two instances never both send one crossing.
    int claimed =
        jdbc.sql(
                """
                insert into api_credit_alert (account_id, low, balance, changed_at)
                values (:a, :low, :b, :now)
                on conflict (account_id) do update set low = :low, balance = :b, changed_at = :now
                  where api_credit_alert.low <> :low
                """)
            .param("a", account)
            .param("low", low)
            .param("b", balance)
            .param("now", Timestamp.from(clock.instant()))
            .update();
    if (claimed == 1 && low) {
      events.publish(account, EVENT, Map.of("balance", balance, "threshold", threshold));
    }
  }
}
