package dev.pledge.server.rights;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rights-request queue: opens requests with their deadline (B-32), moves them through their
 * statuses with a history, extends them with a reason, verifies requesters with single-use tokens,
 * and lists what is overdue. Every method is one transaction.
 */
@Service
public class RightsRequests {

  /** Kinds that act on a person's data, so the requester must prove the address is theirs. */
  private static final Set<RightsRequestKind> NEED_VERIFICATION =
      EnumSet.of(
          RightsRequestKind.ACCESS,
          RightsRequestKind.PORTABILITY,
          RightsRequestKind.RECTIFICATION,
          RightsRequestKind.ERASURE,
          RightsRequestKind.RESTRICTION);

  private static final Map<RightsRequestStatus, Set<RightsRequestStatus>> NEXT =
      Map.of(
          RightsRequestStatus.RECEIVED,
          EnumSet.of(
              RightsRequestStatus.AWAITING_VERIFICATION,
              RightsRequestStatus.VERIFIED,
              RightsRequestStatus.IN_PROGRESS,
              RightsRequestStatus.COMPLETED,
              RightsRequestStatus.REJECTED),
          RightsRequestStatus.AWAITING_VERIFICATION,
          EnumSet.of(
              RightsRequestStatus.VERIFIED,
              RightsRequestStatus.EXPIRED,
              RightsRequestStatus.REJECTED),
          RightsRequestStatus.VERIFIED,
          EnumSet.of(
              RightsRequestStatus.IN_PROGRESS,
              RightsRequestStatus.COMPLETED,
              RightsRequestStatus.REJECTED),
          RightsRequestStatus.IN_PROGRESS,
          EnumSet.of(RightsRequestStatus.COMPLETED, RightsRequestStatus.REJECTED));

  /** Crockford's base 32: no I, L, O or U, so a reference read aloud or retyped stays right. */
  private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private static final String COLUMNS =
      """
      reference, property_id, kind, purpose, channel, channel_id, requester_address, subject_id,
      law_id, urgent, status, received_at, due_at, due_basis, extension_reason, acknowledged_at,
      closed_at
      """;

  private final SecureRandom random = new SecureRandom();
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PolicyCatalog catalog;
  private final Clock clock;
  private final ZoneId zone;
  private final Duration verificationTtl;
  private final RequestAudit audit;

  RightsRequests(
      JdbcClient jdbc,
      TransactionTemplate tx,
      PolicyCatalog catalog,
      RequestAudit audit,
      Clock clock,
      @Value("${pledge.rights.zone:UTC}") ZoneId zone,
      @Value("${pledge.rights.verification-ttl:PT48H}") Duration verificationTtl) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.catalog = catalog;
    this.audit = audit;
    this.clock = clock;
    this.zone = zone;
    this.verificationTtl = verificationTtl;
  }

  /** How long a verification link works. */
  Duration verificationTtl() {
    return verificationTtl;
  }

  /** The zone in which calendar months and business days are counted. */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Opens a request received now: gives it a reference and its deadline.
   *
   * @throws IllegalArgumentException for an unknown property or law
   */
  public RightsRequest open(NewRightsRequest request) {
    return open(request, clock.instant(), "system:intake");
  }

  /**
   * Opens a request received now on behalf of {@code actor} (an operator, a form), who is named in
   * its history.
   */
  public RightsRequest open(NewRightsRequest request, String actor) {
    return open(request, clock.instant(), actor);
  }

  RightsRequest open(NewRightsRequest request, Instant receivedAt, String actor) {
    ServedProperty property =
        catalog
            .byId(request.property())
            .orElseThrow(
                () ->
                    new IllegalArgumentException("unknown property '" + request.property() + "'"));
    RequestDeadline deadline =
        RequestDeadlines.due(
            property.policy(), request.kind(), request.lawId(), request.urgent(), receivedAt, zone);
    RightsRequestStatus status =
        NEED_VERIFICATION.contains(request.kind()) && request.requesterAddress() != null
            ? RightsRequestStatus.AWAITING_VERIFICATION
            : RightsRequestStatus.RECEIVED;
    return tx.execute(
        t -> {
          for (int attempt = 0; ; attempt++) {
            String reference = newReference();
            Optional<Long> id =
                jdbc.sql(
                        """
                        insert into rights_request (reference, property_id, kind, purpose,
                          channel, channel_id, requester_address, subject_id, law_id, urgent,
                          status, received_at, due_at, due_basis, extended_due_at,
                          last_activity_at)
                        values (:reference, :property, :kind, :purpose, :channel, :channelId,
                          :address, :subject, :law, :urgent, :status, :received, :due, :basis,
                          :extendedDue, :received)
                        on conflict (reference) do nothing
                        returning id
                        """)
                    .param("reference", reference)
                    .param("property", request.property())
                    .param("kind", request.kind().key())
                    .param("purpose", request.purpose() == null ? null : request.purpose().key())
                    .param("channel", request.channel().key())
                    .param("channelId", request.channelId())
                    .param("address", request.requesterAddress())
                    .param("subject", request.subjectId())
                    .param("law", request.lawId())
                    .param("urgent", request.urgent())
                    .param("status", status.key())
                    .param("received", Timestamp.from(receivedAt))
                    .param("due", timestamp(deadline.dueAt()))
                    .param("basis", deadline.basis())
                    .param(
                        "extendedDue",
                        deadline.extendable() ? Timestamp.from(deadline.extendedDueAt()) : null)
                    .query(Long.class)
                    .optional();
            if (id.isPresent()) {
              event(
                  id.get(),
                  receivedAt,
                  status,
                  "status",
                  "received via " + request.channel().label(),
                  actor);
              RightsRequest opened = byReference(reference).orElseThrow();
              audit.received(opened, actor);
              return opened;
            }
            if (attempt >= 5) {
              // forty random bits colliding six times in a row means the generator is broken
              throw new IllegalStateException("could not draw a free request reference");
            }
          }
        });
  }

  public Optional<RightsRequest> byReference(String reference) {
    return jdbc.sql("select " + COLUMNS + " from rights_request where reference = :r")
        .param("r", reference)
        .query(RightsRequests::map)
        .optional();
  }

  /**
   * The request with {@code reference}.
   *
   * @throws NoSuchElementException when there is none (the console and API answer 404)
   */
  public RightsRequest require(String reference) {
    return byReference(reference)
        .orElseThrow(() -> new NoSuchElementException("No rights request " + reference + "."));
  }

  /** The request's history, oldest first. */
  public List<RightsRequestEvent> history(String reference) {
    return jdbc.sql(
            """
            select e.at, e.status, e.event, e.note, e.actor from rights_request_event e
            join rights_request r on r.id = e.request_id
            where r.reference = :r order by e.at, e.id
            """)
        .param("r", reference)
        .query(
            (rs, i) ->
                new RightsRequestEvent(
                    rs.getTimestamp("at").toInstant(),
                    RightsRequestStatus.fromKey(rs.getString("status")),
                    rs.getString("event"),
                    rs.getString("note"),
                    rs.getString("actor")))
        .list();
  }

  /**
   * Moves a request to another status.
   *
   * @throws NoSuchElementException when no request has that reference
   * @throws IllegalStateException when the move is not allowed from the current status
   */
  public RightsRequest changeStatus(
      String reference, RightsRequestStatus to, String note, String actor) {
    return changeStatus(reference, to, note, null, actor);
  }

  /**
   * Moves a request to another status; a rejection records {@code ground} in the audit trail (the
   * note, the operator's words, stays in the history).
   *
   * @throws NoSuchElementException when no request has that reference
   * @throws IllegalStateException when the move is not allowed from the current status
   */
  public RightsRequest changeStatus(
      String reference, RightsRequestStatus to, String note, RejectionGround ground, String actor) {
    return tx.execute(
        t -> {
          Locked r = lock(reference);
          if (!NEXT.getOrDefault(r.status(), Set.of()).contains(to)) {
            throw new IllegalStateException(
                "request "
                    + reference
                    + " is "
                    + r.status().words()
                    + " and cannot become "
                    + to.words());
          }
          Instant now = clock.instant();
          jdbc.sql(
                  """
                  update rights_request set status = :status, last_activity_at = :now,
                    closed_at = case when :closed then :now else closed_at end,
                    verification_hash = case when :closed then null else verification_hash end
                  where id = :id
                  """)
              .param("status", to.key())
              .param("now", Timestamp.from(now))
              .param("closed", to.closed())
              .param("id", r.id())
              .update();
          event(r.id(), now, to, "status", note, actor);
          if (to == RightsRequestStatus.VERIFIED) {
            audit.verified(
                reference,
                r.property(),
                "account".equals(actor) ? "second-factor" : "operator",
                actor);
          } else {
            audit.moved(reference, r.property(), to, ground, actor);
          }
          return byReference(reference).orElseThrow();
        });
  }

  /**
   * Extends an open request's deadline as far as every applicable law allows (GDPR: two further
   * months; CCPA: 45 days). The reason is kept and belongs in the answer to the requester.
   *
   * @throws IllegalArgumentException when the reason is blank
   * @throws IllegalStateException when the request is closed, already extended, or no applicable
   *     law allows an extension
   */
  public RightsRequest extend(String reference, String reason, String actor) {
    return extend(reference, reason, ExtensionGround.OTHER, null, actor);
  }

  /**
   * Extends an open request's deadline to {@code until}, which must lie after the current deadline
   * and no later than the law allows ({@link #extensionLimit}); {@code null} takes the whole
   * extension the law allows. The reason is kept and belongs in the answer to the requester; the
   * audit trail records {@code ground}, never the operator's words.
   *
   * @throws IllegalArgumentException when the reason is blank or {@code until} is out of bounds
   * @throws IllegalStateException when the request is closed, already extended, or no applicable
   *     law allows an extension
   */
  public RightsRequest extend(
      String reference, String reason, ExtensionGround ground, Instant until, String actor) {
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException(
          "an extension needs a reason: the requester must be told why the answer takes longer");
    }
    return tx.execute(
        t -> {
          Locked r = lock(reference);
          if (r.status().closed()) {
            throw new IllegalStateException(
                "request " + reference + " is already " + r.status().words());
          }
          if (r.extended()) {
            throw new IllegalStateException("request " + reference + " has already been extended");
          }
          if (r.extendedDueAt() == null) {
            throw new IllegalStateException(
                "request "
                    + reference
                    + " cannot be extended: a law or promise that applies to it allows no extension");
          }
          Instant now = clock.instant();
          Instant to = until == null ? r.extendedDueAt() : until;
          if (to.isAfter(r.extendedDueAt())) {
            throw new IllegalArgumentException(
                "the law allows an extension of request "
                    + reference
                    + " up to "
                    + java.time.format.DateTimeFormatter.ofPattern(
                            "d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH)
                        .format(r.extendedDueAt().atZone(zone))
                    + " ("
                    + zone.getId()
                    + ") only; choose a shorter one");
          }
          if (r.dueAt() != null && !to.isAfter(r.dueAt())) {
            throw new IllegalArgumentException(
                "an extension must move the deadline of request " + reference + " later");
          }
          jdbc.sql(
                  """
                  update rights_request set due_at = :to, extension_reason = :reason,
                    due_basis = due_basis || ', extended', last_activity_at = :now
                  where id = :id
                  """)
              .param("to", Timestamp.from(to))
              .param("reason", reason.strip())
              .param("now", Timestamp.from(now))
              .param("id", r.id())
              .update();
          event(r.id(), now, r.status(), "extended", reason.strip(), actor);
          RightsRequest extended = byReference(reference).orElseThrow();
          audit.extended(extended, ground, actor);
          return extended;
        });
  }

  /**
   * The latest due date an extension may set, when the request may be extended now: it is open, not
   * extended yet, and every law or promise that applies to it allows an extension. Empty otherwise
   * — the console then offers no extension.
   */
  public Optional<Instant> extensionLimit(String reference) {
    return jdbc.sql(
            """
            select extended_due_at from rights_request
            where reference = :r and extension_reason is null and extended_due_at > due_at
              and status not in ('completed', 'rejected', 'expired')
            """)
        .param("r", reference)
        .query((rs, i) -> rs.getTimestamp(1).toInstant())
        .optional();
  }

  /**
   * Adds a note to a request's history without changing its status: the requester's own words, an
   * authority's legal basis, an erasure receipt.
   *
   * @throws NoSuchElementException when no request has that reference
   */
  public void note(String reference, String event, String note, String actor) {
    tx.executeWithoutResult(
        t -> {
          Locked r = lock(reference);
          Instant now = clock.instant();
          jdbc.sql("update rights_request set last_activity_at = :now where id = :id")
              .param("now", Timestamp.from(now))
              .param("id", r.id())
              .update();
          event(r.id(), now, r.status(), event, note, actor);
        });
  }

  /**
   * Requests in one status, or every open one when {@code status} is null, soonest due first (those
   * with no due date last); at most {@code limit}.
   */
  public List<RightsRequest> list(RightsRequestStatus status, int limit) {
    String where =
        status == null ? "status not in ('completed', 'rejected', 'expired')" : "status = :status";
    var spec =
        jdbc.sql(
                "select "
                    + COLUMNS
                    + " from rights_request where "
                    + where
                    + " order by due_at nulls last, received_at limit :limit")
            .param("limit", limit);
    if (status != null) {
      spec = spec.param("status", status.key());
    }
    return spec.query(RightsRequests::map).list();
  }

  /**
   * One page of the requests {@code query} selects: open ones first, soonest due first; closed ones
   * after them, newest first.
   */
  public List<RightsRequest> search(RequestQuery query, int offset, int limit) {
    Where w = where(query);
    return w.bind(
            jdbc.sql(
                "select "
                    + COLUMNS
                    + " from rights_request where "
                    + w.sql()
                    + " order by status in ('completed', 'rejected', 'expired'),"
                    + " case when status not in ('completed', 'rejected', 'expired') then due_at"
                    + " end nulls last, received_at desc, reference"
                    + " offset :offset limit :limit"))
        .param("offset", Math.max(0, offset))
        .param("limit", Math.max(1, limit))
        .query(RightsRequests::map)
        .list();
  }

  /**
   * One person's requests in {@code property}, newest first: those opened under their account id
   * and those they made with their address (any letter case; {@code null} for none). An account's
   * dashboard lists them (B-29).
   */
  public List<RightsRequest> ofPerson(String property, String subjectId, String address) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + """
                 from rights_request where property_id = :property
                  and (subject_id = :subject or lower(requester_address) = lower(:address))
                order by received_at desc, reference limit 200
                """)
        .param("property", property)
        .param("subject", subjectId)
        .param("address", address == null ? "" : address)
        .query(RightsRequests::map)
        .list();
  }

  /** How many requests {@code query} selects. */
  public long count(RequestQuery query) {
    Where w = where(query);
    return w.bind(jdbc.sql("select count(*) from rights_request where " + w.sql()))
        .query(Long.class)
        .single();
  }

  /**
   * The last {@code weeks} weeks up to the one holding {@code now}, oldest first: requests received
   * each week and, of those with a deadline completed or rejected that week, how many by it. The
   * query's property, kind and channel apply; its status, due dates and search do not.
   */
  public List<RequestWeek> weekly(RequestQuery query, int weeks, Instant now) {
    Where w = where(query.forChart());
    java.time.LocalDate thisMonday =
        now.atZone(zone).toLocalDate().with(java.time.DayOfWeek.MONDAY);
    java.time.LocalDate first = thisMonday.minusWeeks(Math.max(1, weeks) - 1L);
    return w.bind(
            jdbc.sql(
                """
                with weeks as (
                  select generate_series(cast(:first as date), cast(:last as date),
                                         interval '7 days')::date as monday),
                selected as (select * from rights_request where %s)
                select weeks.monday,
                  (select count(*) from selected r
                     where r.received_at >= (weeks.monday::timestamp at time zone :zone)
                       and r.received_at < ((weeks.monday + 7)::timestamp at time zone :zone))
                    as opened,
                  (select count(*) from selected r
                     where r.status in ('completed', 'rejected') and r.due_at is not null
                       and r.closed_at >= (weeks.monday::timestamp at time zone :zone)
                       and r.closed_at < ((weeks.monday + 7)::timestamp at time zone :zone))
                    as closed,
                  (select count(*) from selected r
                     where r.status in ('completed', 'rejected') and r.due_at is not null
                       and r.closed_at <= r.due_at
                       and r.closed_at >= (weeks.monday::timestamp at time zone :zone)
                       and r.closed_at < ((weeks.monday + 7)::timestamp at time zone :zone))
                    as on_time
                from weeks order by weeks.monday
                """
                    .formatted(w.sql())))
        .param("first", first)
        .param("last", thisMonday)
        .param("zone", zone.getId())
        .query(
            (rs, i) ->
                new RequestWeek(
                    rs.getObject("monday", java.time.LocalDate.class),
                    rs.getLong("opened"),
                    rs.getLong("closed"),
                    rs.getLong("on_time")))
        .list();
  }

  /** A query's SQL condition and the values it binds. */
  private record Where(String sql, Map<String, Object> params) {
    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
      for (Map.Entry<String, Object> p : params.entrySet()) {
        spec = spec.param(p.getKey(), p.getValue());
      }
      return spec;
    }
  }

  private static Where where(RequestQuery q) {
    StringBuilder sql = new StringBuilder("true");
    Map<String, Object> params = new java.util.LinkedHashMap<>();
    if (q.property() != null) {
      sql.append(" and property_id = :q_property");
      params.put("q_property", q.property());
    }
    if (q.kind() != null) {
      sql.append(" and kind = :q_kind");
      params.put("q_kind", q.kind().key());
    }
    if (!q.statuses().isEmpty()) {
      sql.append(" and status in (:q_statuses)");
      params.put("q_statuses", q.statuses().stream().map(RightsRequestStatus::key).toList());
    }
    if (q.channel() != null) {
      sql.append(" and channel = :q_channel");
      params.put("q_channel", q.channel().key());
    }
    if (q.dueFrom() != null || q.dueBefore() != null) {
      sql.append(" and status not in ('completed', 'rejected', 'expired') and due_at is not null");
      if (q.dueFrom() != null) {
        sql.append(" and due_at >= :q_due_from");
        params.put("q_due_from", Timestamp.from(q.dueFrom()));
      }
      if (q.dueBefore() != null) {
        sql.append(" and due_at < :q_due_before");
        params.put("q_due_before", Timestamp.from(q.dueBefore()));
      }
    }
    if (q.reference() != null && !q.reference().isBlank()) {
      sql.append(" and replace(reference, '-', '') like :q_reference");
      params.put("q_reference", "%" + referencePart(q.reference()) + "%");
    }
    if (q.requesterAddress() != null) {
      // Matches the index on lower(requester_address).
      sql.append(" and lower(requester_address) = lower(:q_address)");
      params.put("q_address", q.requesterAddress().strip());
    }
    return new Where(sql.toString(), params);
  }

  /**
   * Part of a reference as typed, compared without its dashes: upper case, no spaces or dashes,
   * LIKE's wildcards taken literally, and the letters people mistake for digits read the way
   * Crockford's base 32 reads them (a reference has no I, L, O or U).
   */
  static String referencePart(String typed) {
    StringBuilder out = new StringBuilder();
    for (char c : typed.strip().toUpperCase(java.util.Locale.ROOT).toCharArray()) {
      switch (c) {
        case 'O' -> out.append('0');
        case 'I', 'L' -> out.append('1');
        case '-', ' ', '\t' -> {}
        case '%', '_', '\\' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Open requests whose due date is before {@code now}, earliest first. */
  public List<OverdueRequest> overdue(Instant now) {
    return jdbc.sql(
            """
            select property_id, reference, kind, status, due_at from rights_request
            where status not in ('completed', 'rejected', 'expired') and due_at < :now
            order by due_at, reference
            """)
        .param("now", Timestamp.from(now))
        .query(
            (rs, i) ->
                new OverdueRequest(
                    rs.getString("property_id"),
                    rs.getString("reference"),
                    RightsRequestKind.fromKey(rs.getString("kind")),
                    RightsRequestStatus.fromKey(rs.getString("status")),
                    rs.getTimestamp("due_at").toInstant()))
        .list();
  }

  /**
   * Consumes a verification token of a request to {@code property}: the request becomes verified. A
   * token works once, only before it expires and only under the property its request was made to —
   * one property's page never confirms another's request. Any other token, used, unknown or of
   * another property, gives the same empty answer.
   */
  public Optional<RightsRequest> verify(String property, String token) {
    if (token == null || token.isBlank() || token.strip().length() > 200) {
      return Optional.empty();
    }
    return tx.execute(
        t -> {
          Instant now = clock.instant();
          Optional<Long> id =
              jdbc.sql(
                      """
                      update rights_request set status = 'verified', verification_hash = null,
                        verification_expires_at = null, last_activity_at = :now
                      where verification_hash = :hash and verification_expires_at > :now
                        and status = 'awaiting-verification' and property_id = :p
                      returning id, reference
                      """)
                  .param("hash", sha256(token.strip()))
                  .param("p", property)
                  .param("now", Timestamp.from(now))
                  .query((rs, row) -> Map.entry(rs.getLong("id"), rs.getString("reference")))
                  .optional()
                  .map(
                      row -> {
                        event(
                            row.getKey(),
                            now,
                            RightsRequestStatus.VERIFIED,
                            "status",
                            "address confirmed by link",
                            "requester");
                        audit.verified(row.getValue(), property, "link", "requester");
                        return row.getKey();
                      });
          return id.flatMap(
              i ->
                  jdbc.sql("select " + COLUMNS + " from rights_request where id = :id")
                      .param("id", i)
                      .query(RightsRequests::map)
                      .optional());
        });
  }

  /**
   * A new verification token for a request awaiting verification; only its hash is stored, and it
   * replaces any earlier token. Empty when the request is not awaiting verification.
   */
  Optional<String> issueVerificationToken(String reference) {
    String token = newToken(random);
    Instant now = clock.instant();
    int updated =
        jdbc.sql(
                """
                update rights_request set verification_hash = :hash, verification_expires_at = :exp
                where reference = :r and status = 'awaiting-verification'
                """)
            .param("hash", sha256(token))
            .param("exp", Timestamp.from(now.plus(verificationTtl)))
            .param("r", reference)
            .update();
    return updated == 1 ? Optional.of(token) : Optional.empty();
  }

  /**
   * A new secret for the requester's status page of a request; only its hash is stored, and it
   * replaces any earlier one. Unlike a verification token it is not spent by use.
   */
  String issueStatusToken(String reference) {
    String token = newToken(random);
    jdbc.sql("update rights_request set status_token_hash = :hash where reference = :r")
        .param("hash", sha256(token))
        .param("r", reference)
        .update();
    return token;
  }

  /**
   * The request of {@code property} whose status-page secret is {@code token}; empty for any other
   * token, so the page never tells whether a request exists.
   */
  Optional<RightsRequest> byStatusToken(String property, String token) {
    if (token == null || token.isBlank() || token.strip().length() > 200) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from rights_request where status_token_hash = :hash and property_id = :p")
        .param("hash", sha256(token.strip()))
        .param("p", property)
        .query(RightsRequests::map)
        .optional();
  }

  /** Requests never verified before their token expired are closed as expired. */
  int expireUnverified(Instant now) {
    List<String> references =
        jdbc.sql(
                """
                select reference from rights_request
                where status = 'awaiting-verification' and verification_expires_at < :now
                """)
            .param("now", Timestamp.from(now))
            .query(String.class)
            .list();
    for (String reference : references) {
      changeStatus(
          reference,
          RightsRequestStatus.EXPIRED,
          "the verification link expired unused",
          "system:rights");
    }
    return references.size();
  }

  void markAcknowledged(String reference) {
    jdbc.sql("update rights_request set acknowledged_at = :at where reference = :r")
        .param("at", Timestamp.from(clock.instant()))
        .param("r", reference)
        .update();
  }

  private record Locked(
      long id,
      String property,
      RightsRequestStatus status,
      boolean extended,
      Instant extendedDueAt,
      Instant dueAt) {}

  private Locked lock(String reference) {
    return jdbc.sql(
            """
            select id, property_id, status, extension_reason is not null as extended,
              extended_due_at, due_at
            from rights_request where reference = :r for update
            """)
        .param("r", reference)
        .query(
            (rs, i) ->
                new Locked(
                    rs.getLong("id"),
                    rs.getString("property_id"),
                    RightsRequestStatus.fromKey(rs.getString("status")),
                    rs.getBoolean("extended"),
                    instant(rs, "extended_due_at"),
                    instant(rs, "due_at")))
        .optional()
        .orElseThrow(() -> new NoSuchElementException("no rights request " + reference));
  }

  private void event(
      long requestId,
      Instant at,
      RightsRequestStatus status,
      String event,
      String note,
      String actor) {
    jdbc.sql(
            """
            insert into rights_request_event (request_id, at, status, event, note, actor)
            values (:id, :at, :status, :event, :note, :actor)
            """)
        .param("id", requestId)
        .param("at", Timestamp.from(at))
        .param("status", status.key())
        .param("event", event)
        .param("note", note)
        .param("actor", actor)
        .update();
  }

  private String newReference() {
    StringBuilder s = new StringBuilder("R-");
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        s.append('-');
      }
      s.append(ALPHABET[random.nextInt(ALPHABET.length)]);
    }
    return s.toString();
  }

  /**
   * A single-use token: 32 random bytes as hex. Hex rather than base64 because every scrubber of
   * logs and analytics recognises a long hex run as a token ({@code
   * dev.pledge.server.shared.IdentifierScrubber}); a base64 token without a digit would not be.
   */
  static String newToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  static byte[] sha256(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static Timestamp timestamp(Instant i) {
    return i == null ? null : Timestamp.from(i);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static RightsRequest map(ResultSet rs, int row) throws SQLException {
    String purpose = rs.getString("purpose");
    return new RightsRequest(
        rs.getString("reference"),
        rs.getString("property_id"),
        RightsRequestKind.fromKey(rs.getString("kind")),
        purpose == null ? null : ObjectionPurpose.fromKey(purpose),
        RequestChannel.fromKey(rs.getString("channel")),
        rs.getString("channel_id"),
        rs.getString("requester_address"),
        rs.getString("subject_id"),
        rs.getString("law_id"),
        rs.getBoolean("urgent"),
        RightsRequestStatus.fromKey(rs.getString("status")),
        rs.getTimestamp("received_at").toInstant(),
        instant(rs, "due_at"),
        rs.getString("due_basis"),
        rs.getString("extension_reason"),
        instant(rs, "acknowledged_at"),
        instant(rs, "closed_at"));
  }
}
