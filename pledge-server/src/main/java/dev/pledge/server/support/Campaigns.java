package dev.pledge.server.support;

import dev.pledge.server.accounts.AccountStatus;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioMail;
import dev.pledge.server.studio.StudioMailGate;
import dev.pledge.server.studio.StudioMessage;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends an operator's campaign to the confirmed subscribers of one topic (B-05, B-28): never to a
 * minor, never to someone whose processing for marketing is stopped (an objection or restriction,
 * asked of the engine's gate for the whole batch), and each e-mail with RFC 8058's one-click
 * unsubscribe — {@code List-Unsubscribe} with an HTTPS link and a {@code mailto:}, both carrying a
 * token for this recipient and topic, and {@code List-Unsubscribe-Post:
 * List-Unsubscribe=One-Click}. The e-mails go through the studio's outbox, whose {@link
 * StudioMailGate} asks the gate again, and the subscription, right before each one leaves.
 */
@Service
class Campaigns implements StudioMailGate {

  private static final Logger log = LoggerFactory.getLogger(Campaigns.class);

  /** The outbox kind of a campaign e-mail: {@code marketing:} and its topic. */
  static final String KIND = "marketing:";

  static final int SUBJECT_MAX = 200;
  static final int BODY_MAX = 20_000;

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** What a campaign did. */
  record Sent(long id, String topic, int sent, int skippedMinor, int skippedObjection) {}

  /** A past campaign, for the console. */
  record Past(
      long id,
      String topic,
      String subject,
      String by,
      String at,
      int sent,
      int minors,
      int objections) {}

  private final SupportSettings settings;
  private final MarketingPreferences preferences;
  private final StudioAccounts accounts;
  private final ProcessingRestrictions restrictions;
  private final StudioMail outbox;
  private final SupportMail mail;
  private final SupportWords words;
  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  Campaigns(
      SupportSettings settings,
      MarketingPreferences preferences,
      StudioAccounts accounts,
      ProcessingRestrictions restrictions,
      StudioMail outbox,
      SupportMail mail,
      SupportWords words,
      Studio studio,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.settings = settings;
    this.preferences = preferences;
    this.accounts = accounts;
    this.restrictions = restrictions;
    this.outbox = outbox;
    this.mail = mail;
    this.words = words;
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Queues the campaign for every confirmed subscriber of {@code topic} it may reach.
   *
   * @throws IllegalArgumentException naming the field for an unknown topic, or an empty, too long
   *     or multi-line subject, or an empty or too long text
   */
  Sent send(String topic, String subject, String text, String operator) {
    if (topic == null || !settings.topics().contains(topic)) {
      throw new IllegalArgumentException(
          "Topic: choose one of " + settings.topics() + " (pledge.support.topics).");
    }
    String s = SupportInputs.text(subject);
    if (s.isEmpty()
        || SupportInputs.length(s) > SUBJECT_MAX
        || SupportInputs.hasControl(s, false)) {
      throw new IllegalArgumentException(
          "Subject: one line of 1 to " + SUBJECT_MAX + " characters.");
    }
    String body = SupportInputs.text(text);
    if (body.isEmpty() || SupportInputs.length(body) > BODY_MAX) {
      throw new IllegalArgumentException("Text: 1 to " + BODY_MAX + " characters.");
    }
    return tx.execute(
        t -> {
          List<String> subscribers = preferences.subscribers(topic);
          Set<String> objected =
              restrictions.refused(studio.id(), ProcessingPurpose.MARKETING, subscribers);
          List<StudioAccount> recipients = new ArrayList<>();
          int minors = 0;
          for (String id : subscribers) {
            Optional<StudioAccount> a = accounts.byId(id);
            if (a.isEmpty() || a.get().status() != AccountStatus.ACTIVE || objected.contains(id)) {
              continue;
            }
            if (accounts.minor(id)) {
              minors++;
              continue;
            }
            recipients.add(a.get());
          }
          long campaign =
              jdbc.sql(
                      """
                      insert into marketing_campaign (property_id, topic, subject, body, created_by,
                        created_at, sent, skipped_minor, skipped_objection)
                      values (:property, :topic, :subject, :body, :by, :now, :sent, :minors,
                        :objections)
                      returning id
                      """)
                  .param("property", studio.id())
                  .param("topic", topic)
                  .param("subject", s)
                  .param("body", body)
                  .param("by", operator)
                  .param("now", Timestamp.from(clock.instant()))
                  .param("sent", recipients.size())
                  .param("minors", minors)
                  .param("objections", objected.size())
                  .query(Long.class)
                  .single();
          for (StudioAccount a : recipients) {
            queue(a, topic, s, body, campaign);
          }
          log.info(
              "Marketing campaign #{} ({}) queued for {} subscriber(s); {} minor(s) and {}"
                  + " objection(s) skipped",
              campaign,
              topic,
              recipients.size(),
              minors,
              objected.size());
          return new Sent(campaign, topic, recipients.size(), minors, objected.size());
        });
  }

  private void queue(StudioAccount a, String topic, String subject, String body, long campaign) {
    String token = preferences.unsubscribeToken(a.id(), topic, campaign);
    Locale locale = mail.localeOf(a.id());
    String link = studio.publicLink("/unsubscribe/" + token);
    String footer =
        mail.message(
            "mail.marketing.footer",
            locale,
            studio.property().name(),
            words.label("marketing.topic.", topic, locale),
            link,
            studio.publicLink("/account/marketing"));
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(
        "List-Unsubscribe",
        "<" + link + ">, <mailto:" + studio.mailFrom() + "?subject=unsubscribe-" + token + ">");
    headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    outbox.queue(
        new StudioMessage(a.id(), a.email(), KIND + topic, subject, body + "\n\n-- \n" + footer)
            .withHeaders(headers));
  }

  /**
   * The outbox's last question before a campaign e-mail leaves: still subscribed, not a minor, and
   * the engine's gate still permits marketing for the person.
   */
  @Override
  public Optional<String> refuse(String kind, String accountId) {
    if (kind == null || !kind.startsWith(KIND) || accountId == null) {
      return Optional.empty();
    }
    String topic = kind.substring(KIND.length());
    if (!restrictions.permits(studio.id(), accountId, ProcessingPurpose.MARKETING)) {
      return Optional.of("marketing stopped for the person (objection or restriction)");
    }
    if (!preferences.subscribed(accountId, topic)) {
      return Optional.of("no longer subscribed to " + topic);
    }
    if (accounts.minor(accountId)) {
      return Optional.of("a minor");
    }
    return Optional.empty();
  }

  /** The latest campaigns, newest first. */
  List<Past> recent() {
    return jdbc.sql(
            """
            select id, topic, subject, created_by, created_at, sent, skipped_minor,
              skipped_objection
            from marketing_campaign where property_id = :property order by id desc limit 20
            """)
        .param("property", studio.id())
        .query(
            (rs, i) ->
                new Past(
                    rs.getLong("id"),
                    rs.getString("topic"),
                    rs.getString("subject"),
                    rs.getString("created_by"),
                    WHEN.format(rs.getTimestamp("created_at").toInstant()),
                    rs.getInt("sent"),
                    rs.getInt("skipped_minor"),
                    rs.getInt("skipped_objection")))
        .list();
  }
}
