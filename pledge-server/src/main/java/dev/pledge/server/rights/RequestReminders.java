package dev.pledge.server.rights;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deadline reminders (issue 6, B-38): the operators get one e-mail listing the open requests due
 * within {@code pledge.rights.reminder-before} and those already overdue — references, kinds,
 * statuses and due dates, never a requester's address — each request at most once per day.
 * Operators have no e-mail address in Pledge, so the reminders go to {@code
 * pledge.rights.operator-address}; without it they are off, which is said once at start.
 */
@Component
class RequestReminders {

  private static final Logger log = LoggerFactory.getLogger(RequestReminders.class);

  private static final DateTimeFormatter DUE =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy HH:mm", Locale.ENGLISH);

  private final RequestNotices notices;
  private final RightsRequests requests;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Duration before;

  RequestReminders(
      RequestNotices notices,
      RightsRequests requests,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      @Value("${pledge.rights.reminder-before:P3D}") Duration before) {
    this.notices = notices;
    this.requests = requests;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.before = before;
    if (notices.operatorAddress().isEmpty()) {
      log.info(
          "pledge.rights.operator-address is not set: operators get no e-mail reminders of rights"
              + " request deadlines");
    }
  }

  private record Due(String reference, String property, String kind, String status, Instant due) {}

  /** Queues today's reminder for requests not reminded today; returns how many it lists. */
  int remind() {
    return remind(clock.instant());
  }

  int remind(Instant now) {
    if (notices.operatorAddress().isEmpty()) {
      return 0;
    }
    LocalDate day = LocalDate.ofInstant(now, requests.zone());
    Integer listed =
        tx.execute(
            t -> {
              List<Due> due =
                  jdbc.sql(
                          """
                          with reminded as (
                            insert into rights_request_reminder (request_id, day)
                            select id, :day from rights_request
                            where status not in ('completed', 'rejected', 'expired')
                              and due_at < :horizon
                            on conflict do nothing
                            returning request_id)
                          select r.reference, r.property_id, r.kind, r.status, r.due_at
                          from rights_request r join reminded m on m.request_id = r.id
                          order by r.due_at, r.reference
                          """)
                      .param("day", day)
                      .param("horizon", Timestamp.from(now.plus(before)))
                      .query(
                          (rs, i) ->
                              new Due(
                                  rs.getString("reference"),
                                  rs.getString("property_id"),
                                  rs.getString("kind"),
                                  rs.getString("status"),
                                  rs.getTimestamp("due_at").toInstant()))
                      .list();
              if (due.isEmpty()) {
                return 0;
              }
              long overdue = due.stream().filter(d -> d.due().isBefore(now)).count();
              StringBuilder body =
                  new StringBuilder("Privacy requests that need an answer soon (")
                      .append(requests.zone().getId())
                      .append(" times):\n\n");
              for (Due d : due) {
                body.append(d.due().isBefore(now) ? "OVERDUE   " : "due soon  ")
                    .append(d.reference())
                    .append("  ")
                    .append(d.kind())
                    .append("  ")
                    .append(d.status())
                    .append("  ")
                    .append(d.property())
                    .append("  due ")
                    .append(DUE.format(d.due().atZone(requests.zone())))
                    .append('\n');
              }
              body.append("\nOpen them under Requests in the Pledge console.\n");
              notices.remind(
                  "reminder:" + day + ":" + due.get(0).reference() + ":" + due.size(),
                  "Privacy requests: "
                      + overdue
                      + " overdue, "
                      + (due.size() - overdue)
                      + " due within "
                      + before.toDays()
                      + " day(s)",
                  body.toString());
              return due.size();
            });
    return listed == null ? 0 : listed;
  }
}
