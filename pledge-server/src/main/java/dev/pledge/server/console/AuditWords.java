package dev.pledge.server.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.audit.AuditEntry;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An audit entry in words for the console's Audit page: what happened, who did it. The stored entry
 * is what the trail proves and the exports carry; these words are only how the page reads. Event
 * types this class does not know are written from their dotted name ("request.received" → "Request
 * received"), so a module that adds one is never shown as a blank.
 */
final class AuditWords {

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuditWords() {}

  /** What happened, in a sentence without a full stop. */
  static String what(AuditEntry e) {
    String items = e.itemCount() == null ? "" : items(e.itemCount());
    return switch (e.action()) {
      case "policy.loaded" -> "Started serving a version of the policy";
      case "retention.expired" -> "Deleted " + or(items, "data") + " past its retention";
      case "subject.erased" -> "Erased " + or(items, "items") + " of a person";
      case "subject.rectified" -> "Corrected a field of a person's data in " + or(items, "items");
      case "processing.restricted" -> "Stopped processing of a person's data";
      case "processing.restriction-lifted" -> "Lifted a stop on processing of a person's data";
      default -> fromName(e.action());
    };
  }

  /** Who did it: an operator by name, Pledge's own jobs by what they are. */
  static String who(String actor) {
    if (actor == null) {
      return "—";
    }
    if (actor.startsWith("operator:")) {
      return actor.substring("operator:".length()) + " (operator)";
    }
    return switch (actor) {
      case "system:startup" -> "Pledge, at start-up";
      case "system:retention" -> "Pledge's retention sweep";
      case "system:intake" -> "Pledge's mail intake";
      case "system:rights" -> "Pledge's request jobs";
      case "system:mail" -> "Pledge's mail";
      case "requester" -> "The requester";
      case "cli" -> "The pledge command";
      default -> actor.startsWith("system:") ? "Pledge (" + actor.substring(7) + ")" : actor;
    };
  }

  /** The request an entry names, or null. */
  static String reference(AuditEntry e) {
    Object r = details(e).get("request");
    return r == null ? null : r.toString();
  }

  /** The entry's other facts as "name: value" pairs, the request left out (it has its column). */
  static String facts(AuditEntry e) {
    Map<String, Object> details = details(e);
    details.remove("request");
    StringBuilder s = new StringBuilder();
    details.forEach(
        (k, v) ->
            s.append(s.isEmpty() ? "" : " · ").append(k.replace('_', ' ')).append(": ").append(v));
    return s.toString();
  }

  static Map<String, Object> details(AuditEntry e) {
    if (e.details() == null || e.details().equals("{}")) {
      return new LinkedHashMap<>();
    }
    try {
      return JSON.readValue(e.details(), new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (java.io.IOException x) {
      return new LinkedHashMap<>();
    }
  }

  /** {@code request.export-downloaded} → "Request: export downloaded". */
  static String fromName(String action) {
    String[] parts = action.split("\\.", 2);
    String head = parts[0].replace('-', ' ').replace('_', ' ');
    head = head.isEmpty() ? action : Character.toUpperCase(head.charAt(0)) + head.substring(1);
    if (parts.length == 1) {
      return head;
    }
    return head
        + ": "
        + parts[1].replace('-', ' ').replace('_', ' ').replace('.', ' ').toLowerCase(Locale.ROOT);
  }

  private static String items(long n) {
    return n == 1 ? "1 item" : ConsoleFormat.count(n) + " items";
  }

  private static String or(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
