package dev.pledge.server.support;

import dev.pledge.server.accounts.AccountStatus;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.studio.Studio;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Copies feedback, anonymised, into {@code training_feedback} (user.derived.training_feedback) for
 * model improvement (B-05) — only for people who do not object (B-40): the engine's processing gate
 * is asked for the purpose {@code model-training} for each batch, right before the copy. The copy
 * keeps the kind and the rating, the comment without identifiers ({@link FeedbackAnonymiser}) and
 * the day, in UTC; never the account, what was rated, or the time.
 *
 * <p>Feedback is copied once it is {@code pledge.support.training-delay} old (a day), so someone
 * who objects, or deletes the entry, soon after writing it is never copied. Feedback of a person
 * who objects, or restricted processing, or whose account is deleted, stays uncopied while that
 * lasts: a later objection stops every copy not yet made. Copies already made stay: they hold
 * nothing that leads back to anyone, so there is nothing of the person's in them to find or remove.
 */
@Component
class TrainingFeedbackCopy {

  private static final Logger log = LoggerFactory.getLogger(TrainingFeedbackCopy.class);

  static final int BATCH = 500;

  /** What one run did. */
  record Run(int copied, int withheld) {}

  private record Pending(
      String id, String accountId, String kind, int rating, String comment, Instant at) {}

  private final Studio studio;
  private final SupportSettings settings;
  private final StudioAccounts accounts;
  private final ProcessingRestrictions restrictions;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  TrainingFeedbackCopy(
      Studio studio,
      SupportSettings settings,
      StudioAccounts accounts,
      ProcessingRestrictions restrictions,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.studio = studio;
    this.settings = settings;
    this.accounts = accounts;
    this.restrictions = restrictions;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** Copies what is due now. */
  synchronized Run copy() {
    Instant now = clock.instant();
    Instant cutoff = now.minus(settings.trainingDelay());
    int copied = 0;
    int withheld = 0;
    Instant afterAt = Instant.EPOCH;
    String afterId = "";
    while (true) {
      List<Pending> batch = pending(cutoff, afterAt, afterId);
      if (batch.isEmpty()) {
        break;
      }
      Pending last = batch.get(batch.size() - 1);
      afterAt = last.at();
      afterId = last.id();
      Set<String> objected =
          restrictions.refused(
              studio.id(),
              ProcessingPurpose.MODEL_TRAINING,
              batch.stream().map(Pending::accountId).distinct().toList());
      Map<String, Optional<StudioAccount>> authors = new HashMap<>();
      int[] done = {0};
      int[] skipped = {0};
      tx.executeWithoutResult(
          t -> {
            for (Pending p : batch) {
              Optional<StudioAccount> author =
                  authors.computeIfAbsent(p.accountId(), accounts::byId);
              boolean active = author.map(a -> a.status() == AccountStatus.ACTIVE).orElse(false);
              if (objected.contains(p.accountId()) || !active) {
                skipped[0]++;
                continue;
              }
              int claimed =
                  jdbc.sql(
                          """
                          update support_feedback set training_state = 'copied', copied_at = :now
                          where feedback_id = :id and training_state = 'pending'
                          """)
                      .param("id", p.id())
                      .param("now", Timestamp.from(now))
                      .update();
              if (claimed == 1) {
                jdbc.sql(
                        """
                        insert into training_feedback (id, property_id, kind, rating, comment, day)
                        values (:id, :property, :kind, :rating, :comment, :day)
                        """)
                    .param("id", UUID.randomUUID().toString())
                    .param("property", studio.id())
                    .param("kind", p.kind())
                    .param("rating", p.rating())
                    .param("comment", FeedbackAnonymiser.scrub(p.comment(), author.orElse(null)))
                    .param("day", Date.valueOf(LocalDate.ofInstant(p.at(), ZoneOffset.UTC)))
                    .update();
                done[0]++;
              }
            }
          });
      copied += done[0];
      withheld += skipped[0];
    }
    if (copied > 0 || withheld > 0) {
      log.info(
          "Training feedback: {} entr(ies) copied anonymised, {} withheld (objection,"
              + " restriction or account not active)",
          copied,
          withheld);
    }
    return new Run(copied, withheld);
  }

  private List<Pending> pending(Instant cutoff, Instant afterAt, String afterId) {
    return jdbc.sql(
            """
            select feedback_id, account_id, kind, rating, comment, created_at
            from support_feedback
            where training_state = 'pending' and property_id = :property
              and created_at <= :cutoff and (created_at, feedback_id) > (:afterAt, :afterId)
            order by created_at, feedback_id limit :batch
            """)
        .param("property", studio.id())
        .param("cutoff", Timestamp.from(cutoff))
        .param("afterAt", Timestamp.from(afterAt))
        .param("afterId", afterId)
        .param("batch", BATCH)
        .query(
            (rs, i) ->
                new Pending(
                    rs.getString("feedback_id"),
                    rs.getString("account_id"),
                    rs.getString("kind"),
                    rs.getInt("rating"),
                    rs.getString("comment"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }
}
