package dev.pledge.server.devapi;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import dev.pledge.server.images.StudioImages;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Sends webhooks on db-scheduler (one run at a time across instances): finished jobs become {@code
 * job.succeeded} / {@code job.failed} events, deleted images {@code image.deleted} ({@link
 * ImageDeletions}), low balances {@code credits.low} ({@link CreditAlerts}), and every due delivery
 * is posted, signed; one that fails is tried again after 2, 4, 8 … seconds (at most an hour apart),
 * {@value #ATTEMPTS} attempts in all, and stays in the log, where it can be replayed.
 */
@Configuration(proxyBeanMethods = false)
class WebhookDeliveries {

  static final int ATTEMPTS = 8;

  private final JdbcClient jdbc;
  private final WebhookSecrets secrets;
  private final WebhookEvents events;
  private final StudioImages images;
  private final ImageDeletions deletions;
  private final CreditAlerts creditAlerts;
  private final ApiAccounts accounts;
  private final Clock clock;
  private final WebhookSender sender;

  WebhookDeliveries(
      JdbcClient jdbc,
      WebhookSecrets secrets,
      WebhookEvents events,
      StudioImages images,
      ImageDeletions deletions,
      CreditAlerts creditAlerts,
      ApiAccounts accounts,
      Clock clock,
      @Value("${pledge.api.webhooks.allow-loopback:false}") boolean allowLoopback) {
    this.jdbc = jdbc;
    this.secrets = secrets;
    this.events = events;
    this.images = images;
    this.deletions = deletions;
    this.creditAlerts = creditAlerts;
    this.accounts = accounts;
    this.clock = clock;
    this.sender = new WebhookSender(java.net.InetAddress::getAllByName, allowLoopback);
  }

  @Bean
  RecurringTask<Void> webhookTask(
      @Value("${pledge.api.webhooks.interval:PT1S}") Duration interval) {
    return Tasks.recurring("api-webhooks", FixedDelay.of(interval))
        .execute(
            (instance, context) -> {
              noticeJobs();
              deletions.announce();
              creditAlerts.check();
              sendDue();
            });
  }

  /** Finished jobs since last time, as events (the first run starts from now). */
  void noticeJobs() {
    Instant now = clock.instant();
    Instant seen =
        jdbc.sql("select seen_until from api_webhook_cursor where name = 'jobs'")
            .query(Timestamp.class)
            .optional()
            .map(Timestamp::toInstant)
            .orElse(null);
    if (seen == null) {
      jdbc.sql("insert into api_webhook_cursor (name, seen_until) values ('jobs', :now)")
          .param("now", Timestamp.from(now))
          .update();
      return;
    }
    List<StudioImages.JobInfo> done = images.finishedSince(seen, 500);
    for (StudioImages.JobInfo j : done) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("job", j.id());
      data.put("image", j.imageId());
      data.put("state", j.state());
      if (j.resultImageVersion() != null) {
        data.put("version", j.resultImageVersion());
      }
      events.publish(
          j.account(), "succeeded".equals(j.state()) ? "job.succeeded" : "job.failed", data);
      seen = j.finishedAt();
    }
    jdbc.sql("update api_webhook_cursor set seen_until = :s where name = 'jobs'")
        .param("s", Timestamp.from(seen))
        .update();
  }

  void sendDue() {
    List<Map<String, Object>> due =
        jdbc.sql(
                """
                select d.delivery_id, d.webhook_id, d.account_id, d.payload, d.attempts, w.url,
                  w.secret
                from api_webhook_delivery d join api_webhook w on w.webhook_id = d.webhook_id
                where d.state = 'pending' and d.next_at <= :now
                order by d.next_at limit 50
                """)
            .param("now", Timestamp.from(clock.instant()))
            .query()
            .listOfRows();
    for (Map<String, Object> d : due) {
      if (accounts.inUse((String) d.get("account_id"))) {
        send(d);
      } else {
        // Deleted or erased since it was queued: it never leaves.
        jdbc.sql("delete from api_webhook_delivery where delivery_id = :id")
            .param("id", d.get("delivery_id"))
            .update();
      }
    }
  }

  private void send(Map<String, Object> d) {
    String id = (String) d.get("delivery_id");
    String webhook = (String) d.get("webhook_id");
    String body = (String) d.get("payload");
    int attempts = ((Number) d.get("attempts")).intValue() + 1;
    long timestamp = clock.instant().getEpochSecond();
    Integer status = null;
    String error = null;
    try {
      URI target = URI.create((String) d.get("url"));
      String secret = secrets.open(webhook, (byte[]) d.get("secret"));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("User-Agent", "Pledge-Webhooks/1");
      headers.put("webhook-id", id);
      headers.put("webhook-timestamp", Long.toString(timestamp));
      headers.put("webhook-signature", WebhookSigner.sign(secret, id, timestamp, body));
      // Checked again at each delivery (the name may point into a private network by now), and
      // sent to the very address checked.
      status = sender.post(target, headers, body);
    } catch (Exception e) {
      // The kind of failure only: the endpoint's address and answer are the developer's business.
      error = e.getClass().getSimpleName();
    }
    boolean ok = status != null && status >= 200 && status < 300;
    String state = ok ? "delivered" : attempts >= ATTEMPTS ? "failed" : "pending";
    Instant next =
        clock.instant().plus(Duration.ofSeconds(Math.min(3600, 1L << Math.min(attempts, 12))));
    jdbc.sql(
            """
            update api_webhook_delivery set state = :s, attempts = :a, last_status = :st,
              last_error = :e, next_at = :next, delivered_at = :done where delivery_id = :id
            """)
        .param("s", state)
        .param("a", attempts)
        .param("st", status)
        .param("e", error)
        .param("next", "pending".equals(state) ? Timestamp.from(next) : null)
        .param("done", ok ? Timestamp.from(clock.instant()) : null)
        .param("id", id)
        .update();
  }
}
