package dev.pledge.server.console;

import dev.pledge.server.compliance.ComplianceVerifier;
import dev.pledge.server.compliance.VerifyReport;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionPlanEntry;
import dev.pledge.server.retention.SweepReport;
import java.security.Principal;
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
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The "Compliance" page: what {@code pledge verify} finds on this deployment, the retention plan
 * per store, and a button that runs a sweep now — the operator's evidence that the published
 * policies are true.
 */
@Controller
class ComplianceController {

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** Verify scans stores; the page shows a result up to this old unless asked again. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(5);

  private final ComplianceVerifier verifier;
  private final RetentionEngine retention;
  private final Clock clock;
  private volatile Checked checked;

  ComplianceController(ComplianceVerifier verifier, RetentionEngine retention, Clock clock) {
    this.verifier = verifier;
    this.retention = retention;
    this.clock = clock;
  }

  private record Checked(VerifyReport report, Instant at) {}

  /** A plan row as the table shows it. */
  record PlanRow(
      String property,
      String category,
      String store,
      String rule,
      String description,
      String items,
      String due,
      String oldest,
      String nextDue,
      boolean overdue) {

    static PlanRow of(RetentionPlanEntry e) {
      return new PlanRow(
          e.property(),
          e.category(),
          e.store(),
          e.rule(),
          e.description(),
          ConsoleFormat.count(e.contents().items()),
          ConsoleFormat.count(e.contents().due()),
          time(e.contents().oldest()),
          time(e.contents().nextDue()),
          e.contents().due() > 0);
    }
  }

  static String time(Instant t) {
    return t == null ? "—" : TIME.format(t);
  }

  @GetMapping("/console/compliance")
  String compliance(@RequestParam(name = "check", required = false) String check, Model model) {
    Checked last = checked;
    Instant now = clock.instant();
    if (last == null || check != null || last.at().plus(CHECK_EVERY).isBefore(now)) {
      last = new Checked(verifier.verify(), now);
      checked = last;
    }
    model.addAttribute("report", last.report());
    model.addAttribute("checkedAt", TIME.format(last.at()) + " UTC");
    List<PlanRow> plan = retention.plan().stream().map(PlanRow::of).toList();
    model.addAttribute("plan", plan);
    model.addAttribute("gaps", retention.gaps());
    return "console/compliance";
  }

  @PostMapping("/console/compliance/sweep")
  String sweep(Principal operator, RedirectAttributes redirect) {
    SweepReport report = retention.sweep("operator:" + operator.getName());
    checked = null;
    redirect.addFlashAttribute(
        "swept",
        report.ran()
            ? "Retention sweep done: "
                + ConsoleFormat.count(report.expired())
                + " item(s) expired"
                + (report.failed() ? "; some stores failed, see the server log." : ".")
            : "Another sweep was running for too long; nothing was run. Try again later.");
    return "redirect:/console/compliance";
  }
}
