package dev.pledge.server.support;

import dev.pledge.server.accounts.AccountStatus;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Marketing consent, topic by topic (B-05, B-28), with double opt-in: ticking a topic makes it
 * pending and e-mails a single-use link (its token after {@code #}); only the link's confirmation
 * subscribes. Unticking, an e-mail's unsubscribe link, its one-click POST (RFC 8058) or a reply to
 * its {@code mailto:} unsubscribes at once, with no confirmation. Minors can never subscribe
 * (B-33): asked when they tick and again when they confirm. Links are 256-bit random tokens kept
 * only as SHA-256.
 */
@Service
class MarketingPreferences {

  /** At most this many confirmation e-mails an hour per account. */
  static final int CONFIRMATIONS_PER_HOUR = 3;

  /** Unsubscribe tokens older than this are forgotten: the person then changes it in settings. */
  static final Duration UNSUBSCRIBE_LINKS_LAST = Duration.ofDays(366);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A topic's state for one account. */
  enum State {
    NONE,
    PENDING,
    SUBSCRIBED
  }

  /** Refused: the account belongs to a minor. */
  static final class MinorRefused extends RuntimeException {
    MinorRefused() {
      super("marketing e-mail is off for minors", null, false, false);
    }
  }

  /** Refused: too many confirmation e-mails asked for within the hour. */
  static final class TooManyConfirmations extends RuntimeException {
    TooManyConfirmations() {
      super("too many confirmation e-mails this hour", null, false, false);
    }
  }

  /** What a settings change did. */
  record Change(List<String> awaitingConfirmation, List<String> unsubscribed) {}

  private final SupportSettings settings;
  private final StudioAccounts accounts;
  private final SupportMail mail;
  private final SupportWords words;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  MarketingPreferences(
      SupportSettings settings,
      StudioAccounts accounts,
      SupportMail mail,
      SupportWords words,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.settings = settings;
    this.accounts = accounts;
    this.mail = mail;
    this.words = words;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** Every configured topic with its state for the account, in the configured order. */
  Map<String, State> states(String accountId) {
    Map<String, State> out = new LinkedHashMap<>();
    settings.topics().forEach(t -> out.put(t, State.NONE));
    jdbc.sql(
            """
            select topic, status from marketing_subscription
            where account_id = :account and status in ('pending', 'subscribed')
            """)
        .param("account", accountId)
        .query(
            (rs, i) -> {
              String topic = rs.getString("topic");
              if (out.containsKey(topic)) {
                out.put(
                    topic,
                    "subscribed".equals(rs.getString("status")) ? State.SUBSCRIBED : State.PENDING);
              }
              return topic;
            })
        .list();
    return out;
  }

  /**
   * Sets the account's topics to {@code wanted}: new ones become pending and one e-mail asks to
   * confirm them all; topics no longer wanted are unsubscribed at once.
   *
   * @throws MinorRefused for a minor, before anything is stored
   * @throws TooManyConfirmations when the hour's confirmation e-mails are used up (nothing changed)
   */
  Change choose(String accountId, Set<String> wanted) {
    Set<String> valid = new LinkedHashSet<>(settings.topics());
    valid.retainAll(wanted);
    StudioAccount a = accounts.byId(accountId).orElseThrow();
    return tx.execute(
        t -> {
          Map<String, State> now = states(accountId);
          List<String> fresh = new ArrayList<>();
          List<String> dropped = new ArrayList<>();
          now.forEach(
              (topic, state) -> {
                if (valid.contains(topic) && state == State.NONE) {
                  fresh.add(topic);
                } else if (!valid.contains(topic) && state != State.NONE) {
                  dropped.add(topic);
                }
              });
          if (!fresh.isEmpty()) {
            if (accounts.minor(accountId)) {
              throw new MinorRefused();
            }
            if (confirmationsSince(accountId, clock.instant().minus(Duration.ofHours(1)))
                >= CONFIRMATIONS_PER_HOUR) {
              throw new TooManyConfirmations();
            }
          }
          Instant at = clock.instant();
          for (String topic : dropped) {
            unsubscribeTopic(accountId, topic, "settings");
          }
          for (String topic : fresh) {
            jdbc.sql(
                    """
                    insert into marketing_subscription (account_id, topic, status, requested_at)
                    values (:account, :topic, 'pending', :now)
                    on conflict (account_id, topic) do update set status = 'pending',
                      requested_at = :now, confirmed_at = null, unsubscribed_at = null,
                      unsubscribed_by = null
                    """)
                .param("account", accountId)
                .param("topic", topic)
                .param("now", Timestamp.from(at))
                .update();
          }
          if (!fresh.isEmpty()) {
            List<String> pending =
                states(accountId).entrySet().stream()
                    .filter(e -> e.getValue() == State.PENDING)
                    .map(Map.Entry::getKey)
                    .toList();
            String token = token();
            jdbc.sql(
                    """
                    insert into marketing_confirmation (token_hash, account_id, topics, created_at,
                      expires_at)
                    values (:hash, :account, :topics, :now, :expires)
                    """)
                .param("hash", hash(token))
                .param("account", accountId)
                .param("topics", pending.toArray(String[]::new))
                .param("now", Timestamp.from(at))
                .param("expires", Timestamp.from(at.plus(settings.confirmationTtl())))
                .update();
            mail.confirmSubscription(a, labels(pending, a.id()), token);
          }
          return new Change(List.copyOf(fresh), List.copyOf(dropped));
        });
  }

  /**
   * The e-mailed link's confirmation: its pending topics become subscriptions. Empty when the token
   * is unknown, used or expired, or its account is no longer active or is a minor's (then nothing
   * changes).
   */
  Optional<List<String>> confirm(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return tx.execute(
        t -> {
          Instant now = clock.instant();
          Optional<Map.Entry<String, List<String>>> used =
              jdbc.sql(
                      """
                      update marketing_confirmation set used_at = :now
                      where token_hash = :hash and used_at is null and expires_at > :now
                      returning account_id, topics
                      """)
                  .param("now", Timestamp.from(now))
                  .param("hash", hash(token.strip()))
                  .query(
                      (rs, i) ->
                          Map.entry(rs.getString("account_id"), topics(rs.getArray("topics"))))
                  .optional();
          if (used.isEmpty()) {
            return Optional.<List<String>>empty();
          }
          String accountId = used.get().getKey();
          boolean active =
              accounts.byId(accountId).map(a -> a.status() == AccountStatus.ACTIVE).orElse(false);
          if (!active || accounts.minor(accountId)) {
            t.setRollbackOnly(); // the link stays unused: nothing happened
            return Optional.<List<String>>empty();
          }
          List<String> confirmed =
              jdbc.sql(
                      """
                      update marketing_subscription set status = 'subscribed', confirmed_at = :now
                      where account_id = :account and status = 'pending' and topic in (:topics)
                      returning topic
                      """)
                  .param("now", Timestamp.from(now))
                  .param("account", accountId)
                  .param("topics", used.get().getValue())
                  .query(String.class)
                  .list();
          return Optional.of(confirmed);
        });
  }

  /** Where an unsubscribe token leads, without using it: its topic, or empty when unknown. */
  Optional<String> peekUnsubscribe(String token) {
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    return jdbc.sql("select topic from marketing_unsubscribe where token_hash = :hash")
        .param("hash", hash(token))
        .query(String.class)
        .optional();
  }

  /**
   * Unsubscribes the recipient of the e-mail that carried {@code token} from its topic; the topic,
   * or empty for a token that is not one of ours (then nothing changes). Using it again answers the
   * same, so a mail client's retried POST is harmless.
   */
  Optional<String> unsubscribe(String token, String by) {
    if (!wellFormed(token)) {
      return Optional.empty();
    }
    return tx.execute(
        t -> {
          Optional<Map.Entry<String, String>> row =
              jdbc.sql(
                      """
                      update marketing_unsubscribe set used_at = coalesce(used_at, :now)
                      where token_hash = :hash returning account_id, topic
                      """)
                  .param("now", Timestamp.from(clock.instant()))
                  .param("hash", hash(token))
                  .query((rs, i) -> Map.entry(rs.getString("account_id"), rs.getString("topic")))
                  .optional();
          row.ifPresent(r -> unsubscribeTopic(r.getKey(), r.getValue(), by));
          return row.map(Map.Entry::getValue);
        });
  }

  /** A new unsubscribe token for one marketing e-mail to {@code accountId} about {@code topic}. */
  String unsubscribeToken(String accountId, String topic, long campaignId) {
    String token = token();
    jdbc.sql(
            """
            insert into marketing_unsubscribe (token_hash, account_id, topic, campaign_id,
              created_at)
            values (:hash, :account, :topic, :campaign, :now)
            """)
        .param("hash", hash(token))
        .param("account", accountId)
        .param("topic", topic)
        .param("campaign", campaignId)
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return token;
  }

  /** Whether the account is subscribed (confirmed) to {@code topic}. */
  boolean subscribed(String accountId, String topic) {
    return jdbc.sql(
                """
            select count(*) from marketing_subscription
            where account_id = :account and topic = :topic and status = 'subscribed'
            """)
            .param("account", accountId)
            .param("topic", topic)
            .query(Integer.class)
            .single()
        > 0;
  }

  /** The confirmed subscribers of {@code topic}. */
  List<String> subscribers(String topic) {
    return jdbc.sql(
            """
            select account_id from marketing_subscription
            where topic = :topic and status = 'subscribed' order by account_id
            """)
        .param("topic", topic)
        .query(String.class)
        .list();
  }

  /** Confirmed subscribers per topic, for the console. */
  Map<String, Long> counts() {
    Map<String, Long> out = new LinkedHashMap<>();
    settings.topics().forEach(t -> out.put(t, 0L));
    jdbc.sql(
            """
            select topic, count(*) as n from marketing_subscription
            where status = 'subscribed' group by topic
            """)
        .query(
            (rs, i) -> {
              if (out.containsKey(rs.getString("topic"))) {
                out.put(rs.getString("topic"), rs.getLong("n"));
              }
              return null;
            })
        .list();
    return out;
  }

  /** Forgets used or expired confirmation links after a day and year-old unsubscribe tokens. */
  int tidy() {
    Instant now = clock.instant();
    int links =
        jdbc.sql(
                """
                delete from marketing_confirmation
                where (used_at is not null and used_at < :day) or expires_at < :day
                """)
            .param("day", Timestamp.from(now.minus(Duration.ofDays(1))))
            .update();
    int tokens =
        jdbc.sql("delete from marketing_unsubscribe where created_at < :before")
            .param("before", Timestamp.from(now.minus(UNSUBSCRIBE_LINKS_LAST)))
            .update();
    return links + tokens;
  }

  private void unsubscribeTopic(String accountId, String topic, String by) {
    jdbc.sql(
            """
            update marketing_subscription set status = 'unsubscribed', unsubscribed_at = :now,
              unsubscribed_by = :by
            where account_id = :account and topic = :topic and status in ('pending', 'subscribed')
            """)
        .param("now", Timestamp.from(clock.instant()))
        .param("by", by)
        .param("account", accountId)
        .param("topic", topic)
        .update();
  }

  private int confirmationsSince(String accountId, Instant since) {
    return jdbc.sql(
            "select count(*) from marketing_confirmation where account_id = :account and"
                + " created_at >= :since")
        .param("account", accountId)
        .param("since", Timestamp.from(since))
        .query(Integer.class)
        .single();
  }

  private String labels(List<String> topics, String accountId) {
    var locale = mail.localeOf(accountId);
    return String.join(
        ", ", topics.stream().map(t -> words.label("marketing.topic.", t, locale)).toList());
  }

  private static List<String> topics(Array array) throws java.sql.SQLException {
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) array.getArray()) {
      out.add((String) o);
    }
    return out;
  }

  private static boolean wellFormed(String token) {
    return token != null
        && token.length() == 64
        && token.chars().allMatch(c -> Character.digit(c, 16) >= 0);
  }

  /** 256 random bits as hex: every scrubber of logs knows a long hex run as a token. */
  private static String token() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(token.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
