package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The analytics dashboard of one property (A-07: what is read, where readers come from, what needs
 * updating) and its CSV exports. Bad parameters get a page or a line that says what to change, with
 * status 400.
 */
@Controller
@RequestMapping("/console/{propertyId:[a-z0-9][a-z0-9-]{0,62}}")
class DashboardController {

  private final PolicyCatalog catalog;
  private final AnalyticsDashboard analytics;
  private final DashboardPage page;
  private final DashboardCsv csv;

  DashboardController(
      PolicyCatalog catalog, AnalyticsDashboard analytics, DashboardPage page, DashboardCsv csv) {
    this.catalog = catalog;
    this.analytics = analytics;
    this.page = page;
    this.csv = csv;
  }

  @GetMapping("/analytics")
  String dashboard(
      @PathVariable String propertyId,
      @RequestParam(required = false) String period,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String interval,
      Model model,
      HttpServletResponse response) {
    Optional<ServedProperty> property = catalog.byId(propertyId);
    if (property.isEmpty()) {
      return ConsoleHomeController.notFound(model, response, propertyId);
    }
    model.addAttribute("property", property.get());
    model.addAttribute("presets", DateRangeParam.Preset.values());
    LocalDate today = analytics.today();
    model.addAttribute("today", today);
    try {
      DateRangeParam.Selection selection = DateRangeParam.parse(period, from, to, interval, today);
      model.addAttribute("view", page.build(property.get(), selection));
      model.addAttribute("form", FormValues.of(selection));
    } catch (DateRangeParam.InvalidParameter e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("error", e.getMessage());
      model.addAttribute("form", FormValues.typed(from, to, interval));
    }
    return "console/dashboard";
  }

  /** What the custom-range form shows: the selection, or what was typed when it was wrong. */
  record FormValues(String from, String to, String interval) {
    static FormValues of(DateRangeParam.Selection s) {
      return new FormValues(
          s.range().from().toString(),
          s.range().to().toString(),
          s.interval() == null ? "" : s.interval().name().toLowerCase(Locale.ROOT));
    }

    /** What was typed, keeping only dates a date field can show; the message names the rest. */
    static FormValues typed(String from, String to, String interval) {
      return new FormValues(dateOrBlank(from), dateOrBlank(to), interval);
    }

    private static String dateOrBlank(String text) {
      try {
        return text == null ? "" : LocalDate.parse(text.strip()).toString();
      } catch (DateTimeParseException e) {
        return "";
      }
    }
  }

  @GetMapping("/analytics.csv")
  ResponseEntity<String> export(
      @PathVariable String propertyId,
      @RequestParam(required = false) String table,
      @RequestParam(required = false) String period,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String interval) {
    if (catalog.byId(propertyId).isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "No property '" + propertyId + "' is served here.");
    }
    DateRangeParam.Selection selection;
    try {
      selection = DateRangeParam.parse(period, from, to, interval, analytics.today());
    } catch (DateRangeParam.InvalidParameter e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    String body;
    String name = table == null ? "" : table.strip();
    if (name.equals(DashboardCsv.SERIES)) {
      body = csv.series(propertyId, selection.range(), selection.effectiveInterval());
    } else {
      Optional<DashboardTable> t = DashboardTable.byKey(name);
      if (t.isEmpty()) {
        return problem(
            HttpStatus.BAD_REQUEST,
            (name.isEmpty() ? "Say which table to export" : "Unknown table '" + shorten(name) + "'")
                + ": use table= with one of "
                + DashboardCsv.SERIES
                + ", "
                + DashboardTable.keys()
                + ".");
      }
      body = csv.table(propertyId, selection.range(), t.get());
    }
    String filename =
        propertyId
            + "-"
            + name
            + "-"
            + selection.range().from()
            + "-to-"
            + selection.range().to()
            + ".csv";
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(filename).build().toString())
        .body(body);
  }

  private static ResponseEntity<String> problem(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
        .body(message + "\n");
  }

  private static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
