package dev.pledge.server.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which audit entries to list or export; every part optional ({@code null}: any).
 *
 * @param action the event type, e.g. {@code retention.expired}
 * @param from entries appended at or after this moment
 * @param before entries appended before this moment
 * @param reference a rights request's reference: its entries name it ({@code "request"} in their
 *     details)
 * @param subjects with a reference, also the entries about these subjects (keyed hashes, {@link
 *     AuditTrail#subjectReference}): a request's erasure store by store names the person, not the
 *     request
 */
public record AuditFilter(
    String action, Instant from, Instant before, String reference, Set<String> subjects) {

  public AuditFilter {
    subjects = subjects == null ? Set.of() : Set.copyOf(subjects);
  }

  /** Every entry. */
  public static AuditFilter none() {
    return new AuditFilter(null, null, null, null, Set.of());
  }

  /** Whether any part is set: an export then holds a selection, not the whole chain. */
  public boolean selects() {
    return action != null || from != null || before != null || reference != null;
  }

  /** In words, for the README of an export. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    if (action != null) {
      s.append("event type ").append(action);
    }
    if (from != null) {
      s.append(s.isEmpty() ? "" : "; ").append("from ").append(from);
    }
    if (before != null) {
      s.append(s.isEmpty() ? "" : "; ").append("before ").append(before);
    }
    if (reference != null) {
      s.append(s.isEmpty() ? "" : "; ").append("request ").append(reference);
      if (!subjects.isEmpty()) {
        s.append(" and its requester's entries");
      }
    }
    return s.isEmpty() ? "every entry" : s.toString();
  }

  /** The SQL condition and its values. */
  record Where(String sql, Map<String, Object> params) {}

  Where where() {
    StringBuilder sql = new StringBuilder("true");
    Map<String, Object> params = new LinkedHashMap<>();
    if (action != null) {
      sql.append(" and action = :f_action");
      params.put("f_action", action);
    }
    if (from != null) {
      sql.append(" and at >= :f_from");
      params.put("f_from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
    }
    if (before != null) {
      sql.append(" and at < :f_before");
      params.put("f_before", OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
    }
    if (reference != null) {
      // The expression and predicate of the index audit_entry_request.
      String named = "((details::jsonb) ->> 'request') = :f_ref";
      params.put("f_ref", reference);
      if (subjects.isEmpty()) {
        sql.append(" and ").append(named);
      } else {
        sql.append(" and (").append(named).append(" or subject_ref in (:f_subjects))");
        params.put("f_subjects", subjects);
      }
    }
    return new Where(sql.toString(), params);
  }
}
