package dev.pledge.server.console;

import dev.pledge.server.audit.AuditCheckpoint;
import dev.pledge.server.audit.AuditEntry;
import dev.pledge.server.audit.AuditFilter;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.AuditVerification;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequests;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The "Audit" page: whether the tamper-evident audit trail is intact (or its first bad entry), the
 * last signed checkpoint, and the entries in words — what happened, who did it, when, for which
 * request — filtered by event type, date range and request reference, a page at a time, newest
 * first. The selection downloads as the auditor's ZIP ({@code pledge audit export}'s format) or as
 * CSV.
 */
@Controller
class AuditController {

  static final int PAGE = 50;

  /** The CSV of a selection is bounded so that one download stays one query. */
  static final int CSV_ROWS = 100_000;

  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter FILE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ENGLISH).withZone(ZoneOffset.UTC);

  /** How long a verification is shown before the page walks the trail again. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(5);

  private final AuditTrail trail;
  private final RightsRequests requests;
  private final Clock clock;
  private volatile Checked checked;

  AuditController(AuditTrail trail, RightsRequests requests, Clock clock) {
    this.trail = trail;
    this.requests = requests;
    this.clock = clock;
  }

  /** A verification and when it was made: walking millions of entries takes seconds. */
  private record Checked(AuditVerification verification, Instant at) {}

  /** The filters as the URL carries them. */
  record Filters(String type, String from, String to, String ref) {
    String query() {
      MultiValueMap<String, String> q = new LinkedMultiValueMap<>();
      put(q, "type", type);
      put(q, "from", from);
      put(q, "to", to);
      put(q, "ref", ref);
      String s = UriComponentsBuilder.newInstance().queryParams(q).build().encode().getQuery();
      return s == null ? "" : s;
    }

    public boolean any() {
      return !query().isEmpty();
    }

    private static void put(MultiValueMap<String, String> q, String name, String value) {
      if (value != null && !value.isBlank()) {
        q.add(name, value.strip());
      }
    }
  }

  /** An entry as the table shows it. */
  record Row(
      long seq,
      String time,
      String what,
      String who,
      String actor,
      String action,
      String reference,
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
          ConsoleFormat.instant(e.at()),
          AuditWords.what(e),
          AuditWords.who(e.actor()),
          e.actor(),
          e.action(),
          AuditWords.reference(e),
          where.toString(),
          e.itemCount() == null ? "" : ConsoleFormat.count(e.itemCount()),
          e.subjectRef() == null ? "" : e.subjectRef().substring(0, 12) + "…",
          AuditWords.facts(e),
          e.hash().substring(0, 12) + "…");
    }
  }

  /** The filter read, or what is wrong with it. */
  private record Selection(AuditFilter filter, Map<String, String> problems) {}

  @ModelAttribute("filters")
  Filters filters(
      @RequestParam(name = "type", required = false) String type,
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "to", required = false) String to,
      @RequestParam(name = "ref", required = false) String ref) {
    return new Filters(blank(type), blank(from), blank(to), blank(ref));
  }

  @GetMapping("/console/audit")
  String audit(
      @ModelAttribute("filters") Filters filters,
      @RequestParam(name = "before", required = false) String beforeParam,
      @RequestParam(name = "check", required = false) String check,
      HttpServletResponse response,
      Model model) {
    Map<String, String> problems = new LinkedHashMap<>();
    Long before = null;
    if (beforeParam != null) {
      try {
        before = Long.parseLong(beforeParam.trim());
      } catch (NumberFormatException e) {
        before = -1L;
      }
      if (before < 2) {
        problems.put("before", "before must be an entry number from 2 up, for example before=100");
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
    model.addAttribute("verification", verification);
    AuditCheckpoint checkpoint = trail.lastCheckpoint().orElse(null);
    model.addAttribute("checkpoint", checkpoint);
    model.addAttribute(
        "checkpointTime", checkpoint == null ? null : TIME.format(checkpoint.at()) + " UTC");
    model.addAttribute("types", trail.actions());

    Selection selection = select(filters);
    problems.putAll(selection.problems());
    model.addAttribute("problems", problems);
    List<Row> rows = List.of();
    long total = 0;
    if (selection.problems().isEmpty()) {
      rows = trail.search(selection.filter(), PAGE, before).stream().map(Row::of).toList();
      total = trail.count(selection.filter());
    } else {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    }
    model.addAttribute("rows", rows);
    model.addAttribute("total", total);
    model.addAttribute("paged", before != null);
    String query = filters.query();
    String base = "/console/audit" + (query.isEmpty() ? "" : "?" + query);
    model.addAttribute("newestUrl", base);
    model.addAttribute(
        "olderUrl",
        rows.size() == PAGE && rows.get(PAGE - 1).seq() > 1
            ? base + (query.isEmpty() ? "?" : "&") + "before=" + rows.get(PAGE - 1).seq()
            : null);
    model.addAttribute(
        "zipUrl", "/console/audit/export.zip" + (query.isEmpty() ? "" : "?" + query));
    model.addAttribute(
        "csvUrl", "/console/audit/export.csv" + (query.isEmpty() ? "" : "?" + query));
    return "console/audit";
  }

  /**
   * The selection as the auditor's ZIP: with no filter the whole trail, exactly as {@code pledge
   * audit export} writes it; with one, those entries, and a README that says the chain between them
   * is proven by a full export.
   */
  @GetMapping("/console/audit/export.zip")
  void exportZip(@ModelAttribute("filters") Filters filters, HttpServletResponse response)
      throws IOException {
    Selection selection = select(filters);
    if (!selection.problems().isEmpty()) {
      problem(response, selection.problems());
      return;
    }
    String name =
        "pledge-audit-"
            + FILE_TIME.format(clock.instant())
            + (selection.filter().selects() ? "-selection" : "")
            + ".zip";
    response.setContentType("application/zip");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment().filename(name).build().toString());
    try (OutputStream out = response.getOutputStream()) {
      trail.export(out, selection.filter());
    }
  }

  /** The selection as CSV: one row an entry, the words of the page beside the stored values. */
  @GetMapping("/console/audit/export.csv")
  void exportCsv(@ModelAttribute("filters") Filters filters, HttpServletResponse response)
      throws IOException {
    Selection selection = select(filters);
    if (!selection.problems().isEmpty()) {
      problem(response, selection.problems());
      return;
    }
    CsvExport csv = new CsvExport();
    csv.row(
        List.of(
            "seq",
            "time_utc",
            "action",
            "what",
            "actor",
            "reference",
            "property",
            "category",
            "store",
            "count",
            "subject",
            "details",
            "hash"));
    Long before = null;
    int written = 0;
    // Newest first, a thousand at a time, like the page.
    while (written < CSV_ROWS) {
      List<AuditEntry> page = trail.search(selection.filter(), 1000, before);
      for (AuditEntry e : page) {
        List<Object> cells = new ArrayList<>();
        cells.add(e.seq());
        cells.add(DateTimeFormatter.ISO_INSTANT.format(e.at()));
        cells.add(e.action());
        cells.add(AuditWords.what(e));
        cells.add(e.actor());
        cells.add(Optional.ofNullable(AuditWords.reference(e)).orElse(""));
        cells.add(Optional.ofNullable(e.propertyId()).orElse(""));
        cells.add(Optional.ofNullable(e.category()).orElse(""));
        cells.add(Optional.ofNullable(e.store()).orElse(""));
        cells.add(e.itemCount() == null ? "" : e.itemCount());
        cells.add(Optional.ofNullable(e.subjectRef()).orElse(""));
        cells.add(e.details());
        cells.add(e.hash());
        csv.row(cells);
        written++;
      }
      if (page.size() < 1000) {
        break;
      }
      before = page.get(page.size() - 1).seq();
    }
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader(
        HttpHeaders.CONTENT_DISPOSITION,
        ContentDisposition.attachment()
            .filename("pledge-audit-" + FILE_TIME.format(clock.instant()) + ".csv")
            .build()
            .toString());
    response.getOutputStream().write(csv.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Selection select(Filters f) {
    Map<String, String> problems = new LinkedHashMap<>();
    String action = null;
    if (f.type() != null) {
      if (f.type().matches("[a-z0-9][a-z0-9._-]{0,80}")) {
        action = f.type();
      } else {
        problems.put("type", "Choose an event type from the list.");
      }
    }
    Instant from = day(f.from(), "from", problems, 0);
    Instant before = day(f.to(), "to", problems, 1);
    if (from != null && before != null && !from.isBefore(before)) {
      problems.put("to", "The end date is before the start date.");
    }
    String reference = null;
    Set<String> subjects = new LinkedHashSet<>();
    if (f.ref() != null) {
      reference = f.ref().toUpperCase(Locale.ROOT);
      if (!reference.matches("R-[0-9A-Z]{4}-[0-9A-Z]{4}")) {
        problems.put("ref", "A reference reads like R-7K3M-9QXW.");
      } else {
        // The request's erasure, store by store, names the person (a keyed hash), not the
        // request: those entries belong to its story too.
        requests
            .byReference(reference)
            .ifPresent(
                r -> {
                  for (String id : identities(r)) {
                    subjects.add(trail.subjectReference(id));
                  }
                });
      }
    }
    return new Selection(new AuditFilter(action, from, before, reference, subjects), problems);
  }

  private static List<String> identities(RightsRequest r) {
    List<String> ids = new ArrayList<>();
    if (r.subjectId() != null) {
      ids.add(r.subjectId());
    }
    if (r.requesterAddress() != null) {
      ids.add(r.requesterAddress());
      ids.add(r.requesterAddress().toLowerCase(Locale.ROOT));
    }
    return ids;
  }

  /** A day as the start of it (or of the next, for an inclusive end), UTC. */
  private static Instant day(String value, String field, Map<String, String> problems, int plus) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value).plusDays(plus).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      problems.put(field, "Give a date as year-month-day, e.g. 2026-11-23.");
      return null;
    }
  }

  private static void problem(HttpServletResponse response, Map<String, String> problems)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    response.setContentType("text/plain;charset=UTF-8");
    response
        .getOutputStream()
        .write((String.join("\n", problems.values()) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
