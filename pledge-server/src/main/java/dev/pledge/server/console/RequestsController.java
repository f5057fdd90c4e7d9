package dev.pledge.server.console;

import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import dev.pledge.server.rights.ErasureReceipt;
import dev.pledge.server.rights.RequestChecklist;
import dev.pledge.server.rights.RequestErasures;
import dev.pledge.server.rights.RequestExports;
import dev.pledge.server.rights.RequestMail;
import dev.pledge.server.rights.RequestOutcomes;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The rights-request queue (B-29, B-38, B-39): open requests by due date, overdue and due-soon ones
 * marked, and each request's page with its history and the operator's actions — extend with a
 * reason, move it on, and for a verified erasure, erase now and keep the receipt in the history.
 */
@Controller
class RequestsController {

  /** Due within this long counts as due soon: time to act, not yet late. */
  static final Duration DUE_SOON = Duration.ofDays(3);

  /** The moves an operator makes from this page; verification is the requester's own. */
  static final Set<RightsRequestStatus> OPERATOR_MOVES =
      EnumSet.of(
          RightsRequestStatus.IN_PROGRESS,
          RightsRequestStatus.COMPLETED,
          RightsRequestStatus.REJECTED);

  private final RightsRequests requests;
  private final RequestOutcomes outcomes;
  private final RequestErasures erasures;
  private final RequestChecklist checklist;
  private final RequestExports exports;
  private final RequestMail mail;
  private final Clock clock;

  RequestsController(
      RightsRequests requests,
      RequestOutcomes outcomes,
      RequestErasures erasures,
      RequestChecklist checklist,
      RequestExports exports,
      RequestMail mail,
      Clock clock) {
    this.requests = requests;
    this.outcomes = outcomes;
    this.erasures = erasures;
    this.checklist = checklist;
    this.exports = exports;
    this.mail = mail;
    this.clock = clock;
  }

  /** A queue row as the table shows it. */
  record Row(
      String reference,
      String property,
      String kind,
      String status,
      String channel,
      String received,
      String due,
      String urgency) {

    static Row of(RightsRequest r, Instant now) {
      return new Row(
          r.reference(),
          r.property(),
          r.kind().key(),
          r.status().key(),
          r.channel().key(),
          ComplianceController.time(r.receivedAt()),
          ComplianceController.time(r.dueAt()),
          RequestsController.urgency(r, now));
    }
  }

  /** An e-mail to the requester as the page shows it. */
  record MailRow(String what, String state, String at, int attempts, String problem) {}

  /** A history entry as the page shows it. */
  record HistoryRow(String at, String event, String status, String actor, String note) {}

  /** "overdue", "due-soon" or "" — a class on the row and a word in it. */
  static String urgency(RightsRequest r, Instant now) {
    if (r.status().closed() || r.dueAt() == null) {
      return "";
    }
    if (r.dueAt().isBefore(now)) {
      return "overdue";
    }
    return r.dueAt().isBefore(now.plus(DUE_SOON)) ? "due-soon" : "";
  }

  @GetMapping("/console/requests")
  String queue(@RequestParam(name = "status", required = false) String status, Model model) {
    Optional<RightsRequestStatus> wanted = RequestKeys.status(status);
    Instant now = clock.instant();
    List<Row> rows =
        requests.list(wanted.orElse(null), RequestsApiController.LIST_LIMIT).stream()
            .map(r -> Row.of(r, now))
            .toList();
    model.addAttribute("rows", rows);
    model.addAttribute("status", wanted.map(RightsRequestStatus::key).orElse("open"));
    model.addAttribute(
        "statuses", EnumSet.allOf(RightsRequestStatus.class).stream().map(s -> s.key()).toList());
    model.addAttribute("overdue", rows.stream().filter(r -> r.urgency().equals("overdue")).count());
    return "console/requests";
  }

  @GetMapping("/console/requests/{reference}")
  String request(@PathVariable String reference, Model model) {
    RightsRequest r = find(reference);
    Instant now = clock.instant();
    model.addAttribute("r", r);
    model.addAttribute("row", Row.of(r, now));
    model.addAttribute(
        "history",
        requests.history(reference).stream()
            .map(
                e ->
                    new HistoryRow(
                        ComplianceController.time(e.at()),
                        e.event(),
                        e.status().key(),
                        e.actor(),
                        e.note()))
            .toList());
    model.addAttribute(
        "moves",
        r.status().closed()
            ? List.of()
            : OPERATOR_MOVES.stream()
                .filter(s -> s != r.status())
                // unverified: nothing may be done for it, only refused
                .filter(s -> !awaiting(r) || s == RightsRequestStatus.REJECTED)
                .map(RightsRequestStatus::key)
                .toList());
    model.addAttribute("extendable", !r.status().closed() && !r.extended());
    RequestErasures.State erasure = erasures.state(reference);
    model.addAttribute("erasure", erasure.name().toLowerCase(java.util.Locale.ROOT));
    model.addAttribute("erasable", erasable(r) && erasure != RequestErasures.State.RUNNING);
    if (!model.containsAttribute("receipt")) {
      erasures.receipt(reference).ifPresent(lines -> model.addAttribute("receipt", lines));
    }
    model.addAttribute("steps", checklist.steps(reference));
    model.addAttribute(
        "mail",
        mail.of(reference).stream()
            .map(
                d ->
                    new MailRow(
                        d.what(),
                        d.state().key(),
                        d.at() == null ? "" : ComplianceController.time(d.at()),
                        d.attempts(),
                        d.problem()))
            .toList());
    model.addAttribute("exportable", RequestExports.exportable(r));
    model.addAttribute("awaiting", awaiting(r));
    return "console/request";
  }

  @PostMapping("/console/requests/{reference}/extend")
  String extend(
      @PathVariable String reference,
      @RequestParam(name = "reason", required = false) String reason,
      Principal operator,
      RedirectAttributes redirect) {
    find(reference);
    try {
      outcomes.extend(reference, reason, actor(operator));
      redirect.addFlashAttribute(
          "done",
          outcomes.notifiesRequester(reference)
              ? "Deadline extended; the requester is e-mailed the new date and the reason."
              : "Deadline extended. The requester has no confirmed address: tell them the new date"
                  + " and the reason yourself.");
    } catch (IllegalArgumentException | IllegalStateException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/console/requests/" + reference;
  }

  @PostMapping("/console/requests/{reference}/status")
  String move(
      @PathVariable String reference,
      @RequestParam(name = "status", required = false) String status,
      @RequestParam(name = "note", required = false) String note,
      Principal operator,
      RedirectAttributes redirect) {
    find(reference);
    Optional<RightsRequestStatus> to = RequestKeys.status(status).filter(OPERATOR_MOVES::contains);
    String text = note == null ? "" : note.strip();
    if (to.isEmpty()) {
      redirect.addFlashAttribute("problem", "Choose in progress, completed or rejected.");
    } else if (to.get() == RightsRequestStatus.REJECTED && text.isEmpty()) {
      redirect.addFlashAttribute(
          "problem", "A rejection needs a reason: the requester must be told why.");
    } else {
      try {
        outcomes.changeStatus(reference, to.get(), text.isEmpty() ? null : text, actor(operator));
        redirect.addFlashAttribute("done", "Request is now " + to.get().key() + ".");
      } catch (IllegalStateException e) {
        redirect.addFlashAttribute("problem", e.getMessage());
      }
    }
    return "redirect:/console/requests/" + reference;
  }

  /**
   * Schedules the erasure of the requester from every store of the property (a job, so a crash
   * mid-way resumes): the job records the receipt in the history — per store what was erased, what
   * a legal hold keeps (unlinked) and what is still linked when asked again, zero being the proof —
   * e-mails it to the requester and completes the request.
   */
  @PostMapping("/console/requests/{reference}/erase")
  String erase(@PathVariable String reference, Principal operator, RedirectAttributes redirect) {
    RightsRequest r = find(reference);
    if (!erasable(r)) {
      redirect.addFlashAttribute(
          "problem", "Only a verified erasure request that is still open can be erased.");
      return "redirect:/console/requests/" + reference;
    }
    try {
      boolean scheduled = erasures.schedule(reference, actor(operator));
      redirect.addFlashAttribute(
          "done",
          scheduled
              ? "Erasure started: it runs in the background; the receipt appears here and in the"
                  + " history when it is done."
              : "The erasure is already running.");
    } catch (IllegalStateException e) {
      redirect.addFlashAttribute("problem", e.getMessage());
    }
    return "redirect:/console/requests/" + reference;
  }

  /**
   * Prepares the requester's export of a verified access or portability request (A-15, B-27): the
   * ZIP is written under the data directory, the preparation recorded in the history, and the
   * single-use download link shown once, for the operator to send to the requester.
   */
  @PostMapping("/console/requests/{reference}/export")
  String export(@PathVariable String reference, Principal operator, RedirectAttributes redirect)
      throws java.io.IOException {
    RightsRequest r = find(reference);
    if (!RequestExports.exportable(r)) {
      redirect.addFlashAttribute(
          "problem",
          "Only a verified access or portability request that is still open can be" + " exported.");
      return "redirect:/console/requests/" + reference;
    }
    RequestExports.PreparedExport prepared = exports.prepare(reference, actor(operator));
    redirect.addFlashAttribute("export", prepared);
    redirect.addFlashAttribute(
        "done",
        "Export prepared ("
            + prepared.items()
            + (prepared.mailed()
                ? " items). The download link is e-mailed to the requester; it works once and is"
                    + " shown here only now."
                : " items). Send the requester the download link below: it works once and is"
                    + " shown only now."));
    return "redirect:/console/requests/" + reference;
  }

  /** The receipt as one history note, readable without the console. */
  static String receipt(List<ErasureLine> lines) {
    return ErasureReceipt.forHistory(lines);
  }

  private static boolean erasable(RightsRequest r) {
    return RequestErasures.erasable(r);
  }

  private static boolean awaiting(RightsRequest r) {
    return r.status() == RightsRequestStatus.AWAITING_VERIFICATION;
  }

  private RightsRequest find(String reference) {
    return requests
        .byReference(reference)
        .orElseThrow(
            () -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No request " + reference));
  }

  private static String actor(Principal operator) {
    return "operator:" + operator.getName();
  }
}
