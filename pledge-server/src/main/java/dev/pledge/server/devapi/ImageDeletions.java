package dev.pledge.server.devapi;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code image.deleted} for every deletion: the rows the database noted (migration V130, whichever
 * module deleted the image — the studio's pages, the API, retention) become events for the owner's
 * endpoints, once each; none for an account that is deleted or erased.
 */
@Component
class ImageDeletions {

  static final java.time.Duration KEPT = java.time.Duration.ofDays(7);

  private final JdbcClient jdbc;
  private final WebhookEvents events;
  private final ApiAccounts accounts;
  private final Clock clock;

  ImageDeletions(JdbcClient jdbc, WebhookEvents events, ApiAccounts accounts, Clock clock) {
    this.jdbc = jdbc;
    this.events = events;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** Announces the deletions noted since last time; how many it looked at. */
  int announce() {
    List<Map<String, Object>> noted =
        jdbc.sql(
                """
                select image_id, account_id from api_image_deleted where announced_at is null
                order by deleted_at limit 500
                """)
            .query()
            .listOfRows();
    for (Map<String, Object> row : noted) {
      String image = (String) row.get("image_id");
      String account = (String) row.get("account_id");
      if (!accounts.inUse(account)) {
        // Deleted or erased (its images went with it): no event, and no trace of it left here.
        jdbc.sql("delete from api_image_deleted where image_id = :i").param("i", image).update();
        continue;
      }
      events.imageDeleted(account, image);
      jdbc.sql("update api_image_deleted set announced_at = :now where image_id = :i")
          .param("now", Timestamp.from(clock.instant()))
          .param("i", image)
          .update();
    }
    // Kept a week after the announcement, so a late second deletion of the same image (its row
    // after its last version) is not announced twice; then nothing needs it.
    jdbc.sql("delete from api_image_deleted where announced_at < :before")
        .param("before", Timestamp.from(clock.instant().minus(KEPT)))
        .update();
    return noted.size();
  }
}
