package dev.pledge.server.console;

import dev.pledge.server.audit.AuditCheckpoint;
import dev.pledge.server.audit.AuditEntry;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.AuditVerification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The "Audit" page: whether the tamper-evident audit trail is intact (or its first bad entry), the
 * last signed checkpoint, and the entries, newest first, a page at a time.
 */
@Controller
class AuditController {

  static final int PAGE = 50;
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** How long a verification is shown before the page walks the trail again. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(5);

  private final AuditTrail trail;
  private final Clock clock;
  private volatile Checked checked;

  AuditController(AuditTrail trail, Clock clock) {
    this.trail = trail;
    this.clock = clock;
  }

  /** A verification and when it was made: walking millions of entries takes seconds. */
  private record Checked(AuditVerification verification, Instant at) {}

  /** An entry as the table shows it. */
  record Row(
      long seq,
      String time,
      String actor,
      String action,
      String where,
      String count,
      String subject,
      String details,
      String hash) {

    static Row of(AuditEntry e) {
      StringBuilder where = new StringBuilder();
      for (String part : new String[] {e.propertyId(), e.category(), e.store()}) {
        if (part != null) {
          where.append(where.isEmpty() ? "" : " · ").append(part);
        }
      }
      return new Row(
          e.seq(),
          TIME.format(e.at()),
          e.actor(),
          e.action(),
          where.toString(),
          e.itemCount() == null ? "" : ConsoleFormat.count(e.itemCount()),
          e.subjectRef() == null ? "" : e.subjectRef().substring(0, 12) + "…",
          "{}".equals(e.details()) ? "" : e.details(),
          e.hash().substring(0, 12) + "…");
    }
  }

  @GetMapping("/console/audit")
  String audit(
      @RequestParam(name = "before", required = false) String beforeParam,
      @RequestParam(name = "check", required = false) String check,
      Model model) {
    Long before = null;
    if (beforeParam != null) {
      try {
        before = Long.parseLong(beforeParam.trim());
      } catch (NumberFormatException e) {
        before = -1L;
      }
      if (before < 2) {
        model.addAttribute(
            "error", "before must be an entry number from 2 up, for example before=100");
        before = null;
      }
    }
    Checked last = checked;
    Instant now = clock.instant();
    if (last == null || check != null || last.at().plus(CHECK_EVERY).isBefore(now)) {
      last = new Checked(trail.verify(), now);
      checked = last;
    }
    AuditVerification verification = last.verification();
    model.addAttribute("checkedAt", TIME.format(last.at()) + " UTC");
    List<Row> rows = trail.recent(PAGE, before).stream().map(Row::of).toList();
    model.addAttribute("verification", verification);
    AuditCheckpoint checkpoint = trail.lastCheckpoint().orElse(null);
    model.addAttribute("checkpoint", checkpoint);
    model.addAttribute(
        "checkpointTime", checkpoint == null ? null : TIME.format(checkpoint.at()) + " UTC");
    model.addAttribute("rows", rows);
    model.addAttribute("paged", before != null);
    model.addAttribute(
        "older",
        rows.size() == PAGE && rows.get(PAGE - 1).seq() > 1 ? rows.get(PAGE - 1).seq() : null);
    return "console/audit";
  }
}
