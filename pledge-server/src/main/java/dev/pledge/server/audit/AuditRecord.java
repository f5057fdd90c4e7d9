package dev.pledge.server.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What happened, to be appended to the audit trail by {@link AuditTrail#append}. It says who
 * (actor), what (action), where (property, data category, store), how much (item count) and to whom
 * — but only as a pseudonym: {@code subjectId} is turned into a keyed hash before anything is
 * stored, and is never written anywhere itself. {@code details} is a small map of non-personal
 * facts (a policy hash, a cut-off date, a request number), written as JSON.
 *
 * <pre>{@code
 * trail.append(AuditRecord.of("system:retention", "retention.expired")
 *     .property("reference-site").category("user.device.access_logs").store("analytics_event")
 *     .count(1200).detail("cutoff", "2026-08-25"));
 * }</pre>
 *
 * @param actor who did it: {@code system:retention}, {@code operator:<username>}, {@code cli}
 * @param action what was done, dotted: {@code retention.expired}, {@code request.erased}
 * @param propertyId the property concerned, or null
 * @param category the policy's data-category id, or null
 * @param store the store (table, blob store, log) the items were in, or null
 * @param itemCount how many items, or null
 * @param subjectId the data subject's id, never stored: only its keyed hash is; or null
 * @param details small, non-personal facts (values: text, numbers, booleans)
 */
public record AuditRecord(
    String actor,
    String action,
    String propertyId,
    String category,
    String store,
    Long itemCount,
    String subjectId,
    Map<String, Object> details) {

  static final int MAX_TEXT = 200;
  static final int MAX_DETAILS = 32;

  public AuditRecord {
    actor = required("actor", actor);
    action = required("action", action);
    propertyId = optional("property", propertyId);
    category = optional("category", category);
    store = optional("store", store);
    if (itemCount != null && itemCount < 0) {
      throw new IllegalArgumentException("audit item count must not be negative: " + itemCount);
    }
    if (subjectId != null && subjectId.isBlank()) {
      subjectId = null;
    }
    Map<String, Object> copy = new LinkedHashMap<>();
    if (details != null) {
      if (details.size() > MAX_DETAILS) {
        throw new IllegalArgumentException(
            "audit details hold at most " + MAX_DETAILS + " facts; got " + details.size());
      }
      details.forEach(
          (k, v) -> {
            optional("detail key", k);
            if (k == null || k.isEmpty()) {
              throw new IllegalArgumentException("an audit detail needs a name");
            }
            if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
              throw new IllegalArgumentException(
                  "audit detail '" + k + "' must be text, a number or a boolean, not " + v);
            }
            if (v instanceof String s && s.length() > MAX_TEXT) {
              throw new IllegalArgumentException(
                  "audit detail '" + k + "' is longer than " + MAX_TEXT + " characters");
            }
            copy.put(k, v);
          });
    }
    details = Collections.unmodifiableMap(copy);
  }

  /** A record with only who and what; add the rest with the methods below. */
  public static AuditRecord of(String actor, String action) {
    return new AuditRecord(actor, action, null, null, null, null, null, Map.of());
  }

  public AuditRecord property(String value) {
    return new AuditRecord(actor, action, value, category, store, itemCount, subjectId, details);
  }

  public AuditRecord category(String value) {
    return new AuditRecord(actor, action, propertyId, value, store, itemCount, subjectId, details);
  }

  public AuditRecord store(String value) {
    return new AuditRecord(
        actor, action, propertyId, category, value, itemCount, subjectId, details);
  }

  public AuditRecord count(long value) {
    return new AuditRecord(actor, action, propertyId, category, store, value, subjectId, details);
  }

  /** The data subject's id; only a keyed hash of it is stored. */
  public AuditRecord subject(String value) {
    return new AuditRecord(actor, action, propertyId, category, store, itemCount, value, details);
  }

  /** One more non-personal fact. */
  public AuditRecord detail(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new AuditRecord(actor, action, propertyId, category, store, itemCount, subjectId, more);
  }

  private static String required(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("an audit record needs a " + field);
    }
    return optional(field, value);
  }

  private static String optional(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > MAX_TEXT) {
      throw new IllegalArgumentException(
          "audit " + field + " is longer than " + MAX_TEXT + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException("audit " + field + " contains a control character");
      }
    }
    return value;
  }
}
