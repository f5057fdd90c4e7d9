package dev.pledge.server.rights;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.shared.HumanFormat;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processing that stopped because a person asked (A-15, B-27, B-40): a restriction stops every
 * purpose while the data stays, an objection stops the purpose it names, an opt-out of sale stops
 * sale and sharing. Applying and lifting are an operator's acts on a rights request, each written
 * to the audit trail and the request's history.
 *
 * <p>The gate, {@link #permits}, is what a module asks before it processes a person's data for a
 * purpose: one index probe, cached for a few seconds ({@code pledge.rights.gate-cache-ttl}) and
 * invalidated on this instance when a restriction is applied or lifted (another instance sees it
 * within the cache time). Batch jobs ask {@link #refused} once for a whole list.
 *
 * <p>A person is stored only as the audit trail's keyed hash of their subject id (an address is
 * lower-cased first): the table names nobody, matches the audit entries, and can outlive an erasure
 * as a suppression list.
 */
@Service
public class ProcessingRestrictions implements DeclaredTables {

  /** Kinds whose fulfilment is stopping processing. */
  static final Set<RightsRequestKind> KINDS =
      EnumSet.of(
          RightsRequestKind.RESTRICTION,
          RightsRequestKind.OBJECTION,
          RightsRequestKind.OPT_OUT_OF_SALE);

  private static final int BATCH = 1_000;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final RightsRequests requests;
  private final PolicyCatalog catalog;
  private final RequestSubjects subjects;
  private final Clock clock;
  private final boolean analyticsHonoursSignals;
  private final Cache<String, Set<String>> stopped;

  ProcessingRestrictions(
      JdbcClient jdbc,
      TransactionTemplate tx,
      AuditTrail audit,
      RightsRequests requests,
      PolicyCatalog catalog,
      RequestSubjects subjects,
      Clock clock,
      @Value("${pledge.rights.gate-cache-ttl:PT5S}") Duration cacheTtl,
      @Value("${pledge.analytics.honour-opt-out-signals:true}") boolean analyticsHonoursSignals) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.requests = requests;
    this.catalog = catalog;
    this.subjects = subjects;
    this.clock = clock;
    this.analyticsHonoursSignals = analyticsHonoursSignals;
    this.stopped = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(cacheTtl).build();
  }

  /**
   * The gate: may {@code property} process {@code subjectId}'s data for {@code purpose}? False
   * while a restriction, or an objection or opt-out naming that purpose, is in effect.
   */
  public boolean permits(String property, String subjectId, ProcessingPurpose purpose) {
    if (subjectId == null || subjectId.isBlank()) {
      return true; // nobody identified: nothing of anyone's to stop
    }
    String ref = reference(subjectId);
    Set<String> stops = stopped.get(property + '\n' + ref, k -> load(property, ref));
    return !stops.contains(ProcessingRestriction.ALL) && !stops.contains(purpose.key());
  }

  /**
   * The gate for a batch job: which of {@code subjectIds} must be skipped for {@code purpose}. One
   * query per thousand ids, past the cache, so a mailing always sees the latest state.
   */
  public Set<String> refused(
      String property, ProcessingPurpose purpose, Collection<String> subjectIds) {
    Map<String, List<String>> byRef = new HashMap<>();
    for (String id : subjectIds) {
      if (id != null && !id.isBlank()) {
        byRef.computeIfAbsent(reference(id), k -> new ArrayList<>()).add(id);
      }
    }
    List<String> refs = new ArrayList<>(byRef.keySet());
    Set<String> out = new HashSet<>();
    for (int from = 0; from < refs.size(); from += BATCH) {
      jdbc.sql(
              """
              select distinct subject_ref from processing_restriction
              where property_id = :property and subject_ref in (:refs) and lifted_at is null
                and stops in ('all', :purpose)
              """)
          .param("property", property)
          .param("refs", refs.subList(from, Math.min(refs.size(), from + BATCH)))
          .param("purpose", purpose.key())
          .query(String.class)
          .list()
          .forEach(ref -> out.addAll(byRef.get(ref)));
    }
    return out;
  }

  /** What is stopped for {@code subjectId} in {@code property} now. */
  public List<ProcessingRestriction> active(String property, String subjectId) {
    return jdbc.sql(
            select()
                + " where property_id = :property and subject_ref = :ref and lifted_at is null"
                + " order by since, id")
        .param("property", property)
        .param("ref", reference(subjectId))
        .query((rs, i) -> row(rs))
        .list();
  }

  /** Everything a request stopped, lifted or not, oldest first. */
  public List<ProcessingRestriction> ofRequest(String reference) {
    return jdbc.sql(select() + " where request_reference = :r order by since, id")
        .param("r", reference)
        .query((rs, i) -> row(rs))
        .list();
  }

  /** Whether {@code r} is of a kind that stops processing. */
  public static boolean stopsProcessing(RightsRequest r) {
    return KINDS.contains(r.kind());
  }

  /**
   * Why {@code r} cannot be applied now, or empty when it can. A restriction must be verified (or
   * in progress): it stops the person's own use of their data, so a stranger must not be able to
   * freeze someone's account. An objection or opt-out only stops things being done to the person,
   * so it is honoured as received (CCPA does not let a business demand verification for an
   * opt-out), but not while its link is waiting to be confirmed.
   */
  public static Optional<String> whyNot(RightsRequest r) {
    String ref = r.reference();
    if (!stopsProcessing(r)) {
      return Optional.of(
          "request "
              + ref
              + " is "
              + article(r.kind().words())
              + ": only a restriction, an objection or an opt-out of sale stops processing");
    }
    if (r.status().closed()) {
      return Optional.of(
          "request "
              + ref
              + " is "
              + r.status().words()
              + "; open a new request to stop processing");
    }
    if (r.status() == RightsRequestStatus.AWAITING_VERIFICATION) {
      return Optional.of(
          "request "
              + ref
              + " is awaiting verification: the requester has not confirmed the address yet, and"
              + " nothing may be done for it before they do");
    }
    if (r.kind() == RightsRequestKind.RESTRICTION
        && r.status() != RightsRequestStatus.VERIFIED
        && r.status() != RightsRequestStatus.IN_PROGRESS) {
      return Optional.of(
          "request "
              + ref
              + " is not verified: a restriction stops the person's own use of their data, so"
              + " establish who asks first (the requester's confirmation link, or move it to"
              + " in progress once identity is checked)");
    }
    if (subject(r) == null) {
      return Optional.of(
          "request " + ref + " names no person (no account id and no address): nothing to stop");
    }
    return Optional.empty();
  }

  /** What applying did. */
  public record Applied(ProcessingRestriction restriction, boolean alreadyInEffect) {}

  /**
   * Stops what {@code reference} asks to stop, for the person it names. Applying twice is harmless:
   * the second time changes nothing and records nothing.
   *
   * @throws NoSuchElementException when no request has that reference
   * @throws IllegalStateException when the request cannot be applied ({@link #whyNot})
   */
  public Applied apply(String reference, String actor) {
    RightsRequest r = requests.require(reference);
    whyNot(r)
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    // The account of the requester's address when it has one: the account's checks ask by account
    // id, and would never see a stop recorded under the address (B-27).
    String subject = normalised(subjects.primary(r));
    String ref = audit.subjectReference(subject);
    String stops = stops(r);
    Instant now = clock.instant();
    Applied applied =
        tx.execute(
            t -> {
              boolean inserted =
                  jdbc.sql(
                              """
                              insert into processing_restriction (property_id, subject_ref, stops,
                                request_reference, since, applied_by)
                              values (:property, :ref, :stops, :request, :now, :actor)
                              on conflict (property_id, subject_ref, stops)
                                where lifted_at is null do nothing
                              """)
                          .param("property", r.property())
                          .param("ref", ref)
                          .param("stops", stops)
                          .param("request", reference)
                          .param("now", Timestamp.from(now))
                          .param("actor", actor)
                          .update()
                      == 1;
              ProcessingRestriction current =
                  jdbc.sql(
                          select()
                              + " where property_id = :property and subject_ref = :ref"
                              + " and stops = :stops and lifted_at is null")
                      .param("property", r.property())
                      .param("ref", ref)
                      .param("stops", stops)
                      .query((rs, i) -> row(rs))
                      .single();
              if (inserted) {
                audit.append(
                    AuditRecord.of(actor, "processing.restricted")
                        .property(r.property())
                        .subject(subject)
                        .detail("request", reference)
                        .detail("stops", stops));
                requests.note(
                    reference,
                    "processing",
                    "stopped: "
                        + current.stopsInWords()
                        + ". Every module asks before processing and skips this person until it"
                        + " is lifted.",
                    actor);
              }
              return new Applied(current, !inserted);
            });
    stopped.invalidate(r.property() + '\n' + ref);
    return applied;
  }

  /**
   * Lifts what {@code reference} stopped — a restriction once the accuracy dispute is resolved, an
   * objection the person withdrew. The person must be told before a restriction is lifted (GDPR
   * Art. 18(3)); the reason is kept in the history.
   *
   * @throws NoSuchElementException when no request has that reference
   * @throws IllegalArgumentException when the reason is blank
   * @throws IllegalStateException when nothing the request stopped is in effect
   */
  public List<ProcessingRestriction> lift(String reference, String reason, String actor) {
    RightsRequest r = requests.require(reference);
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "lifting needs a reason (e.g. \"the accuracy dispute is resolved\"), kept in the"
              + " request's history; tell the requester before lifting a restriction");
    }
    String why = reason.strip();
    Instant now = clock.instant();
    List<ProcessingRestriction> lifted =
        tx.execute(
            t -> {
              List<ProcessingRestriction> rows =
                  jdbc.sql(
                          """
                          update processing_restriction set lifted_at = :now, lifted_by = :actor,
                            lift_reason = :reason
                          where request_reference = :r and lifted_at is null
                          returning property_id, stops, request_reference, since, applied_by,
                            lifted_at, lifted_by, lift_reason, subject_ref
                          """)
                      .param("now", Timestamp.from(now))
                      .param("actor", actor)
                      .param("reason", why)
                      .param("r", reference)
                      .query((rs, i) -> row(rs))
                      .list();
              if (rows.isEmpty()) {
                throw new IllegalStateException(
                    "request " + reference + " has stopped nothing that is still in effect");
              }
              String subject = subjects.primary(r);
              for (ProcessingRestriction p : rows) {
                audit.append(
                    AuditRecord.of(actor, "processing.restriction-lifted")
                        .property(p.property())
                        .subject(subject == null ? null : normalised(subject))
                        .detail("request", reference)
                        .detail("stops", p.stopsKey()));
                requests.note(
                    reference, "processing", "lifted: " + p.stopsInWords() + ". " + why, actor);
              }
              return rows;
            });
    // The rows name their subject only by hash: drop every cached answer of the property.
    stopped.asMap().keySet().removeIf(k -> k.startsWith(r.property() + '\n'));
    return lifted;
  }

  /**
   * What was done, in words for the requester: the note a request is completed with. For an
   * objection to analytics from someone known only by address, it says why no stored event can be
   * theirs and how to keep their visits out of the counts.
   */
  public String explain(RightsRequest r) {
    String site = catalog.byId(r.property()).map(ServedProperty::name).orElse(r.property());
    String date =
        HumanFormat.dayLong(
            ofRequest(r.reference()).stream()
                .map(ProcessingRestriction::since)
                .findFirst()
                .orElse(clock.instant()),
            requests.zone());
    return switch (r.kind()) {
      case RESTRICTION ->
          "Processing of your data by "
              + site
              + " is restricted from "
              + date
              + ": it is kept, but not changed, analysed, used for marketing or model training,"
              + " or shared, except to establish or defend legal claims. You will be told before"
              + " the restriction is lifted.";
      case OPT_OUT_OF_SALE ->
          "Your opt-out of the sale and sharing of your personal information is recorded from "
              + date
              + "."
              + (sellsData(r.property())
                  ? " Nothing about you is sold or shared from now on."
                  : " "
                      + site
                      + " sells and shares no personal information; your opt-out would apply if"
                      + " that ever changed.");
      case OBJECTION -> objection(r, site, date);
      default -> "Nothing about processing was changed for this request.";
    };
  }

  private String objection(RightsRequest r, String site, String date) {
    ProcessingPurpose purpose = ProcessingPurpose.of(r.purpose());
    if (purpose == ProcessingPurpose.ANALYTICS
        && r.subjectId() == null
        && subjects.accountOf(r).isEmpty()) {
      return "The analytics of "
          + site
          + " are anonymised when they are collected: no cookie, no stored address, and a"
          + " visitor hash whose salt changes daily, so no stored event can be linked to you and"
          + " none can be picked out to stop. Your objection is recorded from "
          + date
          + "."
          + (analyticsHonoursSignals
              ? " To keep your visits out of the counts altogether, turn on Global Privacy Control"
                  + " or Do Not Track in your browser: the site then does not record them at all."
              : "");
    }
    return "From "
        + date
        + ", "
        + site
        + " no longer uses your data for "
        + purpose.words()
        + ": every part of the service asks before doing so and skips you.";
  }

  private boolean sellsData(String property) {
    return catalog.byId(property).map(p -> p.policy().sellsData()).orElse(false);
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "processing_restriction",
        "what processing stopped, for whom only as the audit trail's keyed hash, and which request"
            + " stopped it");
  }

  private Set<String> load(String property, String ref) {
    return Set.copyOf(
        jdbc.sql(
                """
                select stops from processing_restriction
                where property_id = :property and subject_ref = :ref and lifted_at is null
                """)
            .param("property", property)
            .param("ref", ref)
            .query(String.class)
            .list());
  }

  private String reference(String subjectId) {
    return audit.subjectReference(normalised(subjectId));
  }

  /** Addresses differ only in case: the same person either way. Account ids are taken as given. */
  static String normalised(String subjectId) {
    String s = subjectId.strip();
    return s.indexOf('@') >= 0 ? s.toLowerCase(Locale.ROOT) : s;
  }

  static String subject(RightsRequest r) {
    if (r.subjectId() != null && !r.subjectId().isBlank()) {
      return r.subjectId();
    }
    return r.requesterAddress() == null || r.requesterAddress().isBlank()
        ? null
        : r.requesterAddress();
  }

  private static String stops(RightsRequest r) {
    return switch (r.kind()) {
      case RESTRICTION -> ProcessingRestriction.ALL;
      case OPT_OUT_OF_SALE -> ProcessingPurpose.SALE_OR_SHARING.key();
      case OBJECTION -> ProcessingPurpose.of(r.purpose()).key();
      default -> throw new IllegalStateException("not a kind that stops processing: " + r.kind());
    };
  }

  private static String article(String kind) {
    return ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind + " request";
  }

  private static String select() {
    return "select property_id, stops, request_reference, since, applied_by, lifted_at, lifted_by,"
        + " lift_reason from processing_restriction";
  }

  private static ProcessingRestriction row(java.sql.ResultSet rs) throws java.sql.SQLException {
    String stops = rs.getString("stops");
    Timestamp lifted = rs.getTimestamp("lifted_at");
    return new ProcessingRestriction(
        rs.getString("property_id"),
        ProcessingRestriction.ALL.equals(stops)
            ? Optional.empty()
            : ProcessingPurpose.fromKey(stops),
        rs.getString("request_reference"),
        rs.getTimestamp("since").toInstant(),
        rs.getString("applied_by"),
        lifted == null ? null : lifted.toInstant(),
        rs.getString("lifted_by"),
        rs.getString("lift_reason"));
  }
}
