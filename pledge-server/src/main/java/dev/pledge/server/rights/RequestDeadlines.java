package dev.pledge.server.rights;

import dev.pledge.policy.Law;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.ResponseTimes;
import dev.pledge.policy.Right;
import dev.pledge.policy.Timeframe;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deadlines of rights requests, from the requester's law and the policy's own response times; the
 * strictest applicable rule wins (B-32, B-38).
 *
 * <p>Calendar months follow the EU rule for periods (Regulation 1182/71): the same date in the
 * month of expiry, or its last day when there is no such date — 31 January plus one month is 28 or
 * 29 February. The time of day of receipt is kept, which is never later than the legal end of the
 * day. Business days skip Saturdays and Sundays; public holidays are counted as business days,
 * because they differ by country and region — the deadline is earlier, never later, than the law
 * allows.
 */
final class RequestDeadlines {

  /**
   * Deadlines of the laws Pledge knows, used when a requester's law is not declared by the policy
   * itself (a declaration in the policy wins). LGPD and Singapore's PDPA allow no extension.
   */
  static final Map<String, Law> KNOWN_LAWS =
      Map.of(
          "gdpr", law("gdpr", "P1M", "P2M"),
          "uk-gdpr", law("uk-gdpr", "P1M", "P2M"),
          "ccpa", law("ccpa", "P45D", "P45D"),
          "lgpd", law("lgpd", "P15D", null),
          "pipeda", law("pipeda", "P30D", "P30D"),
          "pdpa", law("pdpa", "P30D", null));

  /** Pledge's answer time for a general inquiry when the policy promises none. */
  static final Timeframe DEFAULT_GENERAL = new Timeframe(PolicyDuration.parse("P5D"), true);

  /** Pledge's answer time for a rights request when neither a law nor the policy sets one. */
  static final Timeframe DEFAULT_RIGHTS = new Timeframe(PolicyDuration.parse("P30D"), false);

  private RequestDeadlines() {}

  private static Law law(String id, String deadline, String extension) {
    return new Law(
        id,
        id,
        null,
        PolicyDuration.parse(deadline),
        false,
        extension == null ? null : PolicyDuration.parse(extension));
  }

  /**
   * The deadline of a request.
   *
   * @param lawId the requester's law, or {@code null} when unknown: then every law under which the
   *     policy grants the right applies, and the strictest wins
   * @param urgent true when the request is marked urgent (the policy's urgent time then applies)
   * @throws IllegalArgumentException when {@code lawId} names a law neither the policy nor Pledge
   *     knows
   */
  static RequestDeadline due(
      Policy policy,
      RightsRequestKind kind,
      String lawId,
      boolean urgent,
      Instant receivedAt,
      ZoneId zone) {
    ResponseTimes times = policy.responseTimes();
    List<Candidate> candidates = new ArrayList<>();
    Instant extendedDue = null;
    boolean extendable = false;
    if (kind == RightsRequestKind.INQUIRY) {
      Timeframe general = times != null && times.general() != null ? times.general() : null;
      candidates.add(
          general != null
              ? policyTime("policy general", general, receivedAt, zone)
              : policyTime("default general", DEFAULT_GENERAL, receivedAt, zone));
    } else if (kind == RightsRequestKind.AUTHORITY_DISCLOSURE) {
      if (times != null && times.regulatorAcknowledgement() != null) {
        candidates.add(
            policyTime(
                "policy regulator acknowledgement",
                times.regulatorAcknowledgement(),
                receivedAt,
                zone));
      }
    } else {
      List<Law> laws = applicableLaws(policy, kind, lawId);
      extendable = !laws.isEmpty();
      for (Law law : laws) {
        Instant due = add(receivedAt, law.deadline(), law.businessDays(), zone);
        candidates.add(
            new Candidate(due, law.id() + ": " + describe(law.deadline(), law.businessDays())));
        if (law.extension() == null) {
          extendable = false;
        } else {
          Instant latest = add(due, law.extension(), law.businessDays(), zone);
          extendedDue = extendedDue == null || latest.isBefore(extendedDue) ? latest : extendedDue;
        }
      }
      if (times != null && times.rights() != null) {
        candidates.add(policyTime("policy rights", times.rights(), receivedAt, zone));
      } else if (laws.isEmpty()) {
        candidates.add(policyTime("default rights", DEFAULT_RIGHTS, receivedAt, zone));
      }
    }
    if (urgent && times != null && times.urgent() != null) {
      candidates.add(policyTime("policy urgent", times.urgent(), receivedAt, zone));
    }
    Optional<Candidate> strictest = candidates.stream().min(Comparator.comparing(Candidate::dueAt));
    if (strictest.isEmpty()) {
      return new RequestDeadline(null, "no deadline promised", null);
    }
    Candidate winner = strictest.get();
    return new RequestDeadline(winner.dueAt(), winner.basis(), extendable ? extendedDue : null);
  }

  /**
   * The laws whose deadlines apply: the requester's, when known; else those under which the policy
   * grants the right, or every law the policy declares when it does not list the right at all (the
   * law grants it regardless of what the policy lists).
   */
  static List<Law> applicableLaws(Policy policy, RightsRequestKind kind, String lawId) {
    if (lawId != null) {
      return List.of(lawById(policy, lawId));
    }
    Optional<Right> right =
        policy.rights().stream()
            .filter(r -> RightsRequestKind.of(r.kind()).orElse(null) == kind)
            .findFirst();
    if (right.isEmpty()) {
      return policy.laws();
    }
    return right.get().laws().stream().map(id -> lawById(policy, id)).toList();
  }

  static Law lawById(Policy policy, String lawId) {
    return policy.laws().stream()
        .filter(l -> l.id().equals(lawId))
        .findFirst()
        .or(() -> Optional.ofNullable(KNOWN_LAWS.get(lawId)))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown law '"
                        + lawId
                        + "': declare it under laws: in the policy, or use one of "
                        + KNOWN_LAWS.keySet().stream().sorted().toList()));
  }

  /**
   * {@code start} plus {@code duration}: calendar months and days in {@code zone}, or — with {@code
   * businessDays} — each day of the date part counted only on Monday to Friday.
   */
  static Instant add(Instant start, PolicyDuration duration, boolean businessDays, ZoneId zone) {
    ZonedDateTime t = start.atZone(zone);
    Period date = duration.datePart();
    if (businessDays) {
      t = t.plusYears(date.getYears()).plusMonths(date.getMonths());
      for (int left = date.getDays(); left > 0; ) {
        t = t.plusDays(1);
        if (isBusinessDay(t.getDayOfWeek())) {
          left--;
        }
      }
    } else {
      t = t.plus(date);
    }
    return t.toInstant().plus(duration.timePart());
  }

  private static boolean isBusinessDay(DayOfWeek day) {
    return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY;
  }

  private static Candidate policyTime(
      String basis, Timeframe time, Instant receivedAt, ZoneId zone) {
    return new Candidate(
        add(receivedAt, time.period(), time.businessDays(), zone),
        basis + ": " + describe(time.period(), time.businessDays()));
  }

  private static String describe(PolicyDuration d, boolean businessDays) {
    return d.text() + (businessDays ? " business days" : "");
  }

  private record Candidate(Instant dueAt, String basis) {}
}
