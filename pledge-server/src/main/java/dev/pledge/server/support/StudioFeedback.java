package dev.pledge.server.support;

import dev.pledge.server.studio.Studio;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Feedback on the studio (B-05): a rating from 1 to 5 and an optional comment, on an edit, a
 * version, or the studio in general. The images module calls {@link #record} (or its page posts to
 * {@code /feedback}) with its own opaque reference of what was rated; this module never looks
 * inside it. Feedback is kept as the policy's {@code user.communications.feedback} says, and copied
 * for model improvement only anonymised and only while the person does not object (B-40, {@link
 * TrainingFeedbackCopy}).
 */
@Service
public class StudioFeedback {

  /** What can be rated. */
  public static final Set<String> KINDS = Set.of("edit", "version", "general");

  public static final int COMMENT_MAX = 2_000;
  public static final int REFERENCE_MAX = 200;

  private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._:/-]+");

  /**
   * Feedback that cannot be recorded: which field, why (a message key of the studio's bundles, with
   * its arguments), and in English in the message.
   */
  public static final class Invalid extends IllegalArgumentException {
    private final String field;
    private final String key;
    private final transient Object[] args;

    Invalid(String field, String key, String message, Object... args) {
      super(field + ": " + message);
      this.field = field;
      this.key = key;
      this.args = args;
    }

    public String field() {
      return field;
    }

    public String key() {
      return key;
    }

    public Object[] args() {
      return args.clone();
    }
  }

  /** One entry as its author sees it. */
  record Entry(String id, String kind, String subjectRef, int rating, String comment, Instant at) {}

  private final Studio studio;
  private final JdbcClient jdbc;
  private final Clock clock;

  StudioFeedback(Studio studio, JdbcClient jdbc, Clock clock) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Records {@code accountId}'s rating; returns the entry's id.
   *
   * @param kind {@code edit}, {@code version} or {@code general}
   * @param subjectRef what was rated, in the caller's own terms (an edit or version id), or {@code
   *     null}; letters, digits and {@code . _ : / -}, at most 200
   * @param rating 1 to 5
   * @param comment optional, at most 2,000 characters
   * @throws Invalid for anything else, naming the field
   */
  public String record(
      String accountId, String kind, String subjectRef, int rating, String comment) {
    if (accountId == null || accountId.isBlank()) {
      throw new IllegalArgumentException("feedback needs the signed-in account's id");
    }
    if (kind == null || !KINDS.contains(kind)) {
      throw new Invalid(
          "kind", "feedback.kind.invalid", "one of " + KINDS.stream().sorted().toList());
    }
    String ref = subjectRef == null || subjectRef.isBlank() ? null : subjectRef.strip();
    if (ref != null && (ref.length() > REFERENCE_MAX || !REFERENCE.matcher(ref).matches())) {
      throw new Invalid(
          "subject",
          "feedback.subject.invalid",
          "at most " + REFERENCE_MAX + " letters, digits and . _ : / -",
          REFERENCE_MAX);
    }
    if (rating < 1 || rating > 5) {
      throw new Invalid("rating", "feedback.rating.invalid", "a whole number from 1 to 5");
    }
    String text = SupportInputs.text(comment);
    if (SupportInputs.length(text) > COMMENT_MAX) {
      throw new Invalid(
          "comment",
          "feedback.comment.long",
          "at most " + COMMENT_MAX + " characters",
          COMMENT_MAX,
          SupportInputs.length(text));
    }
    if (SupportInputs.hasControl(text, true)) {
      throw new Invalid("comment", "support.message.control", "no control characters");
    }
    String id = UUID.randomUUID().toString();
    jdbc.sql(
            """
            insert into support_feedback (feedback_id, property_id, account_id, kind, subject_ref,
              rating, comment, created_at)
            values (:id, :property, :account, :kind, :ref, :rating, :comment, :now)
            """)
        .param("id", id)
        .param("property", studio.id())
        .param("account", accountId)
        .param("kind", kind)
        .param("ref", ref)
        .param("rating", rating)
        .param("comment", text.isEmpty() ? null : text)
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return id;
  }

  /** The account's feedback, newest first. */
  List<Entry> ofAccount(String accountId) {
    return jdbc.sql(
            """
            select feedback_id, kind, subject_ref, rating, comment, created_at
            from support_feedback where account_id = :account and property_id = :property
            order by created_at desc limit 200
            """)
        .param("account", accountId)
        .param("property", studio.id())
        .query(
            (rs, i) ->
                new Entry(
                    rs.getString("feedback_id"),
                    rs.getString("kind"),
                    rs.getString("subject_ref"),
                    rs.getInt("rating"),
                    rs.getString("comment"),
                    rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  /**
   * Deletes one of the account's entries (B-28); false when it is not theirs or not there. A copy
   * already made for model improvement is anonymised and stays: nothing links it to the entry.
   */
  boolean delete(String accountId, String feedbackId) {
    return jdbc.sql(
                """
                delete from support_feedback
                where feedback_id = :id and account_id = :account and property_id = :property
                """)
            .param("id", feedbackId == null ? "" : feedbackId)
            .param("account", accountId)
            .param("property", studio.id())
            .update()
        == 1;
  }
}
