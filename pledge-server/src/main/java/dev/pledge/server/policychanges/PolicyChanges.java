package dev.pledge.server.policychanges;

import dev.pledge.policy.ChangeNotice;
import dev.pledge.policy.LoadResult;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDiff;
import dev.pledge.policy.PolicyLoader;
import dev.pledge.policy.PolicyProblem;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioLanguage;
import dev.pledge.server.studio.StudioMail;
import dev.pledge.server.studio.StudioMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Policy changes (B-37, A-20). Publishing a policy version compares it with the one published
 * before ({@code policy diff}): a material change is scheduled to take effect after the policy's
 * notice period ({@code change-notice.advance-notice}, 30 days for the studio), with a
 * plain-language summary generated from the diff, and every studio user is e-mailed that summary at
 * once; other changes apply at once. On the effective date a change that needs consent ({@code
 * material-requires-opt-in}) is put to each person who had an account before it was announced, at
 * their next sign-in; who declines keeps the previous terms for what needs consent.
 */
@Service
public class PolicyChanges {

  private static final Logger log = LoggerFactory.getLogger(PolicyChanges.class);

  static final String MAIL_KIND = "policy-change";

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Studio studio;
  private final StudioAccounts accounts;
  private final StudioMail mail;
  private final MessageSource messages;
  private final Map<String, Policy> parsed = new ConcurrentHashMap<>();

  PolicyChanges(
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      Studio studio,
      StudioAccounts accounts,
      StudioMail mail,
      MessageSource messages) {
    this.messages = messages;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.studio = studio;
    this.accounts = accounts;
    this.mail = mail;
  }

  /**
   * One announced change.
   *
   * @param id its id
   * @param property the property whose policy changed
   * @param announcedAt when it was published
   * @param effectiveAt when it takes effect
   * @param material whether people must be told before it applies
   * @param needsOptIn whether it applies to a person only once they agree
   * @param summary the plain-language summary, one change a line
   * @param inForce whether its effective date has come
   */
  public record Change(
      long id,
      String property,
      Instant announcedAt,
      Instant effectiveAt,
      boolean material,
      boolean needsOptIn,
      String summary,
      boolean inForce) {

    /** The effective date, UTC. */
    public LocalDate effectiveDate() {
      return LocalDate.ofInstant(effectiveAt, ZoneOffset.UTC);
    }

    /** The summary's lines. */
    public List<String> lines() {
      return summary.lines().toList();
    }
  }

  /**
   * Publishes {@code text} as the property's policy. The first version a property publishes is the
   * baseline; the same text again changes nothing.
   *
   * @return the change it announced, or empty when there is none
   * @throws IllegalArgumentException when the text is not a valid policy of that property, with the
   *     problems
   */
  public Optional<Change> publish(String property, String text) {
    LoadResult loaded = PolicyLoader.parse(text, property + " (new version)");
    if (!loaded.ok()) {
      throw new IllegalArgumentException(
          "The new policy version of "
              + property
              + " cannot be published: "
              + loaded.problems().stream()
                  .map(PolicyProblem::format)
                  .collect(Collectors.joining("; ")));
    }
    Policy newer = loaded.policy();
    if (!newer.property().id().equals(property)) {
      throw new IllegalArgumentException(
          "The new policy version is for property '"
              + newer.property().id()
              + "', not '"
              + property
              + "': publish it under its own property");
    }
    String sha = sha256(text);
    try {
      return tx.execute(t -> publish(property, newer, text, sha));
    } finally {
      pageNotices.clear();
    }
  }

  private Optional<Change> publish(String property, Policy newer, String text, String sha) {
    // One publisher at a time per property, across instances.
    jdbc.sql("select pg_advisory_xact_lock(hashtext(:key))")
        .param("key", "policy-change:" + property)
        .query((rs, i) -> 1)
        .list();
    Instant now = clock.instant();
    Optional<String[]> latest =
        jdbc.sql(
                """
                select sha256, source from policy_text where property_id = :p
                order by recorded_at desc limit 1
                """)
            .param("p", property)
            .query((rs, i) -> new String[] {rs.getString("sha256"), rs.getString("source")})
            .optional();
    if (latest.isPresent() && latest.get()[0].equals(sha)) {
      return Optional.empty();
    }
    jdbc.sql(
            """
            insert into policy_text (property_id, sha256, source, recorded_at)
            values (:p, :sha, :source, :now)
            on conflict (property_id, sha256) do update set recorded_at = excluded.recorded_at
            """)
        .param("p", property)
        .param("sha", sha)
        .param("source", text)
        .param("now", Timestamp.from(now))
        .update();
    if (latest.isEmpty()) {
      return Optional.empty(); // the baseline: nothing to compare with, nobody to tell
    }
    Policy older = PolicyLoader.parse(latest.get()[1], property + " (previous version)").policy();
    PolicyDiff diff = PolicyDiff.compare(older, newer);
    if (diff.isEmpty()) {
      return Optional.empty();
    }
    boolean material = diff.hasMaterial();
    ChangeNotice notice = newer.changeNotice();
    Instant effective =
        material && notice != null && notice.advanceNotice() != null
            ? notice
                .advanceNotice()
                .addTo(LocalDateTime.ofInstant(now, ZoneOffset.UTC))
                .toInstant(ZoneOffset.UTC)
            : now;
    boolean optIn = material && notice != null && notice.materialRequiresOptIn();
    String summary = PlainSummary.of(diff, older, newer);
    long id =
        jdbc.sql(
                """
                insert into policy_change (property_id, from_sha256, to_sha256, announced_at,
                  effective_at, material, needs_opt_in, summary, in_force)
                values (:p, :from, :to, :now, :effective, :material, :optIn, :summary, :inForce)
                on conflict (property_id, to_sha256) do update set
                  from_sha256 = excluded.from_sha256, announced_at = excluded.announced_at,
                  effective_at = excluded.effective_at, material = excluded.material,
                  needs_opt_in = excluded.needs_opt_in, summary = excluded.summary,
                  in_force = excluded.in_force
                returning change_id
                """)
            .param("p", property)
            .param("from", latest.get()[0])
            .param("to", sha)
            .param("now", Timestamp.from(now))
            .param("effective", Timestamp.from(effective))
            .param("material", material)
            .param("optIn", optIn)
            .param("summary", summary)
            .param("inForce", !material)
            .query(Long.class)
            .single();
    Change change = new Change(id, property, now, effective, material, optIn, summary, !material);
    boolean byEmail = notice != null && notice.channels().contains("email");
    if (material && byEmail && property.equals(studio.id())) {
      int sent = notifyEveryone(change, newer);
      log.info("Policy change #{} of {} announced: {} e-mail(s) queued", id, property, sent);
    } else {
      log.info("Policy change #{} of {} recorded (material: {})", id, property, material);
    }
    return Optional.of(change);
  }

  /** Queues the notice to every active studio account, in the same transaction. */
  private int notifyEveryone(Change change, Policy policy) {
    int n = 0;
    for (StudioAccount a : accounts.active()) {
      if (a.email() == null || a.email().isBlank()) {
        continue;
      }
      // In the person's studio language, English when they chose none.
      Locale locale =
          accounts
              .language(a.id())
              .flatMap(StudioLanguage::ofTag)
              .orElse(StudioLanguage.ENGLISH)
              .locale();
      mail.queue(
          new StudioMessage(
              a.id(),
              a.email(),
              MAIL_KIND,
              NoticeText.subject(messages, locale, policy, change),
              NoticeText.body(
                  messages,
                  locale,
                  a.name(),
                  policy,
                  change,
                  studio.publicLink(AnnouncedPolicyController.path(change.id())))));
      n++;
    }
    return n;
  }

  /** Puts every change whose effective date has come into force; how many. */
  public int bringIntoForce() {
    pageNotices.clear();
    return jdbc.sql(
            "update policy_change set in_force = true where not in_force and effective_at <= :now")
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  /** The property's announced change not yet in force, if any (the soonest). */
  public Optional<Change> upcoming(String property) {
    return jdbc.sql(
            SELECT
                + " where property_id = :p and material and not in_force"
                + " order by effective_at limit 1")
        .param("p", property)
        .query(PolicyChanges::row)
        .optional();
  }

  /** How long a page keeps noting a material change after it took effect. */
  public static final Duration NOTED_AFTER = Duration.ofDays(30);

  /**
   * How long a page notice is reused: site pages are served by the thousand, the notice changes a
   * few times a year; another instance's publication shows here within this time.
   */
  static final Duration PAGE_NOTICE_REUSED = Duration.ofSeconds(30);

  /**
   * What a property's pages show of its policy changes.
   *
   * @param change the change noted at the top ({@link #notedOnPages}), if any
   * @param changedAt when that last changed ({@link #pageNoticeChangedAt}), if ever
   */
  public record PageNotice(Optional<Change> change, Optional<Instant> changedAt) {}

  private record Reused(Instant at, PageNotice notice) {}

  private final Map<String, Reused> pageNotices = new ConcurrentHashMap<>();

  /** {@link #notedOnPages} and {@link #pageNoticeChangedAt}, reused for a few seconds. */
  public PageNotice pageNotice(String property) {
    Instant now = clock.instant();
    Reused r = pageNotices.get(property);
    if (r != null && !now.isBefore(r.at()) && now.isBefore(r.at().plus(PAGE_NOTICE_REUSED))) {
      return r.notice();
    }
    PageNotice notice = new PageNotice(notedOnPages(property), pageNoticeChangedAt(property));
    pageNotices.put(property, new Reused(now, notice));
    return notice;
  }

  /**
   * The material change a property's pages note at the top: the soonest one not yet in
   * force, else the newest one that took effect within {@link #NOTED_AFTER} — so a change without
   * notice period (it applies at once) is still noted for a while.
   */
  public Optional<Change> notedOnPages(String property) {
    return upcoming(property)
        .or(
            () ->
                jdbc.sql(
                        SELECT
                            + """
                             where property_id = :p and material and in_force
                              and effective_at > :since
                            order by effective_at desc limit 1
                            """)
                    .param("p", property)
                    .param("since", Timestamp.from(clock.instant().minus(NOTED_AFTER)))
                    .query(PolicyChanges::row)
                    .optional());
  }

  /**
   * When what {@link #notedOnPages} shows for the property last changed — an announcement, an
   * effective date, or the end of a change's {@link #NOTED_AFTER} — or empty when never: part of
   * the pages' validators, so a revisit after it does not get a stale copy.
   */
  public Optional<Instant> pageNoticeChangedAt(String property) {
    return jdbc.sql(
            """
                    select max(t) from (
                      select announced_at as t from policy_change where property_id = :p and material
                      union all
                      select effective_at from policy_change where property_id = :p and material
                      union all
                      select effective_at + make_interval(days => :days) from policy_change
                        where property_id = :p and material) s
                    where t <= :now
                    """)
        .param("p", property)
        .param("days", (int) NOTED_AFTER.toDays())
        .param("now", Timestamp.from(clock.instant()))
        .query((rs, i) -> rs.getTimestamp(1))
        .optional()
        .map(Timestamp::toInstant);
  }

  /**
   * The change in force that needs this person's opt-in and that they have not answered yet: only
   * for accounts opened before it was announced (who signs up later agrees to the terms as they
   * are).
   */
  public Optional<Change> awaitingDecision(String accountId) {
    Optional<StudioAccount> account = accounts.byId(accountId);
    if (account.isEmpty()) {
      return Optional.empty();
    }
    return jdbc.sql(
            SELECT
                + """
                 where property_id = :p and in_force and needs_opt_in and announced_at > :opened
                  and not exists (select 1 from policy_change_decision d
                    where d.change_id = policy_change.change_id and d.account_id = :a)
                order by effective_at limit 1
                """)
        .param("p", studio.id())
        .param("opened", Timestamp.from(account.get().createdAt()))
        .param("a", accountId)
        .query(PolicyChanges::row)
        .optional();
  }

  /**
   * The full text of the version a change announces, as it was published: what the announcement
   * links to before (and after) it takes effect, while the site may still serve another version.
   */
  public Optional<Policy> announcedVersion(long changeId) {
    return jdbc.sql(
            """
            select t.source from policy_change c
            join policy_text t on t.property_id = c.property_id and t.sha256 = c.to_sha256
            where c.change_id = :id
            """)
        .param("id", changeId)
        .query(String.class)
        .optional()
        .map(source -> PolicyLoader.parse(source, "announced version").policy());
  }

  /** The change of that id, if any. */
  public Optional<Change> byId(long id) {
    return jdbc.sql(SELECT + " where change_id = :id")
        .param("id", id)
        .query(PolicyChanges::row)
        .optional();
  }

  /**
   * Records the person's answer to a change that needs their opt-in.
   *
   * @return false when there is no such change waiting for an answer
   */
  public boolean decide(String accountId, long changeId, boolean accepted) {
    Optional<Change> change = byId(changeId);
    if (change.isEmpty() || !change.get().needsOptIn() || !change.get().inForce()) {
      return false;
    }
    jdbc.sql(
            """
            insert into policy_change_decision (change_id, account_id, accepted, decided_at)
            values (:c, :a, :accepted, :now)
            on conflict (change_id, account_id)
            do update set accepted = excluded.accepted, decided_at = excluded.decided_at
            """)
        .param("c", changeId)
        .param("a", accountId)
        .param("accepted", accepted)
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return true;
  }

  /**
   * The changes this person declined: for what needs consent, the terms before each still apply to
   * them ({@link #termsKept}).
   */
  public List<Change> declined(String accountId) {
    return jdbc.sql(
            SELECT
                + """
                 where exists (select 1 from policy_change_decision d
                  where d.change_id = policy_change.change_id and d.account_id = :a
                    and not d.accepted)
                order by effective_at
                """)
        .param("a", accountId)
        .query(PolicyChanges::row)
        .list();
  }

  /**
   * The earlier terms that still apply to this person for what needs consent (B-37): for each
   * change that needs an opt-in, announced after their account was opened, which they have not
   * accepted — declined, not answered yet, or not yet in force (nobody can have agreed before its
   * date) — the property's policy as it stood before that change, oldest first. Empty for someone
   * who agreed to every such change or signed up after it (they agreed to the terms as they are).
   * What rests on consent must be allowed by each of these as well as by the current policy.
   */
  public List<Policy> termsKept(String accountId) {
    Optional<StudioAccount> account = accounts.byId(accountId);
    if (account.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(
            """
            select t.sha256, t.source from policy_change c
            join policy_text t on t.property_id = c.property_id and t.sha256 = c.from_sha256
            where c.property_id = :p and c.needs_opt_in and c.announced_at > :opened
              and not exists (select 1 from policy_change_decision d
                where d.change_id = c.change_id and d.account_id = :a and d.accepted)
            order by c.announced_at
            """)
        .param("p", studio.id())
        .param("opened", Timestamp.from(account.get().createdAt()))
        .param("a", accountId)
        .query((rs, i) -> earlier(rs.getString("sha256"), rs.getString("source")))
        .list();
  }

  /** A version's text parsed once: the same few versions are asked for on every edit. */
  private Policy earlier(String sha, String source) {
    return parsed.computeIfAbsent(
        sha, k -> PolicyLoader.parse(source, studio.id() + " (version " + k + ")").policy());
  }

  private static final String SELECT =
      """
      select change_id, property_id, announced_at, effective_at, material, needs_opt_in, summary,
        in_force
      from policy_change
      """;

  private static Change row(ResultSet rs, int i) throws SQLException {
    return new Change(
        rs.getLong("change_id"),
        rs.getString("property_id"),
        rs.getTimestamp("announced_at").toInstant(),
        rs.getTimestamp("effective_at").toInstant(),
        rs.getBoolean("material"),
        rs.getBoolean("needs_opt_in"),
        rs.getString("summary"),
        rs.getBoolean("in_force"));
  }

  static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }
}
