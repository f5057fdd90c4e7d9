package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsDashboard;
import dev.pledge.server.analytics.DashboardFilter;
import dev.pledge.server.analytics.RealTimeVisitors;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
  private final TableList lists;
  private final RealTimeVisitors realTime;

  DashboardController(
      PolicyCatalog catalog,
      AnalyticsDashboard analytics,
      DashboardPage page,
      DashboardCsv csv,
      TableList lists,
      RealTimeVisitors realTime) {
    this.catalog = catalog;
    this.analytics = analytics;
    this.page = page;
    this.csv = csv;
    this.lists = lists;
    this.realTime = realTime;
  }

  @GetMapping("/analytics")
  String dashboard(
      @PathVariable String propertyId,
      @RequestParam(required = false) String period,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String interval,
      @RequestParam Map<String, String> params,
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
      DashboardFilter filter = FilterParams.parse(params);
      model.addAttribute("view", page.build(property.get(), selection, filter));
      model.addAttribute("form", FormValues.of(selection));
      model.addAttribute("filterQuery", FilterParams.query(filter));
      model.addAttribute("presetLinks", presets(propertyId, selection, filter));
    } catch (DateRangeParam.InvalidParameter e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("error", e.getMessage());
      model.addAttribute("form", FormValues.typed(from, to, interval));
      model.addAttribute("filterQuery", Map.of());
      model.addAttribute("presetLinks", presets(propertyId, null, DashboardFilter.NONE));
    }
    return "console/dashboard";
  }

  /** A preset range of the picker: the same filters over other days. */
  record PresetLink(String key, String label, String url, boolean current) {}

  private static List<PresetLink> presets(
      String propertyId, DateRangeParam.Selection selection, DashboardFilter filter) {
    List<PresetLink> out = new ArrayList<>();
    for (DateRangeParam.Preset p : DateRangeParam.Preset.values()) {
      if (p == DateRangeParam.Preset.CUSTOM) {
        continue;
      }
      Map<String, String> q = new LinkedHashMap<>();
      q.put("period", p.key());
      q.putAll(FilterParams.query(filter));
      out.add(
          new PresetLink(
              p.key(),
              p.label(),
              DashboardPage.dashboardUrl(propertyId, q),
              selection != null && selection.preset() == p));
    }
    return out;
  }

  /** The real-time count, for the dashboard to poll: a fragment, not a page. */
  @GetMapping("/analytics/realtime")
  String realtime(@PathVariable String propertyId, Model model, HttpServletResponse response) {
    if (catalog.byId(propertyId).isEmpty()) {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      model.addAttribute("count", null);
    } else {
      model.addAttribute("count", realTime.now(propertyId));
    }
    model.addAttribute("url", "/console/" + propertyId + "/analytics/realtime");
    return "console/dashboard-parts :: realtime";
  }

  /** One table's full list ("Show more"), a hundred rows at a time, under the same filters. */
  @GetMapping("/analytics/{table:[a-z-]+}")
  String fullTable(
      @PathVariable String propertyId,
      @PathVariable String table,
      @RequestParam(required = false) String period,
      @RequestParam(required = false) String from,
      @RequestParam(required = false) String to,
      @RequestParam(required = false) String interval,
      @RequestParam(required = false) String offset,
      @RequestParam Map<String, String> params,
      Model model,
      HttpServletResponse response) {
    Optional<ServedProperty> property = catalog.byId(propertyId);
    if (property.isEmpty()) {
      return ConsoleHomeController.notFound(model, response, propertyId);
    }
    model.addAttribute("property", property.get());
    try {
      DateRangeParam.Selection selection =
          DateRangeParam.parse(period, from, to, interval, analytics.today());
      DashboardFilter filter = FilterParams.parse(params);
      model.addAttribute("list", lists.build(propertyId, table, selection, filter, offset));
    } catch (DateRangeParam.InvalidParameter | TableList.UnknownTable e) {
      response.setStatus(
          e instanceof TableList.UnknownTable
              ? HttpServletResponse.SC_NOT_FOUND
              : HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("error", e.getMessage());
      model.addAttribute("back", DashboardPage.dashboardUrl(propertyId, Map.of()));
    }
    return "console/dashboard-table";
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
      @RequestParam(required = false) String interval,
      @RequestParam Map<String, String> params) {
    if (catalog.byId(propertyId).isEmpty()) {
      return problem(HttpStatus.NOT_FOUND, "No property '" + propertyId + "' is served here.");
    }
    DateRangeParam.Selection selection;
    DashboardFilter filter;
    try {
      selection = DateRangeParam.parse(period, from, to, interval, analytics.today());
      filter = FilterParams.parse(params);
    } catch (DateRangeParam.InvalidParameter e) {
      return problem(HttpStatus.BAD_REQUEST, e.getMessage());
    }
    String body;
    String name = table == null ? "" : table.strip();
    if (name.equals(DashboardCsv.SERIES)) {
      body = csv.series(propertyId, selection.range(), selection.effectiveInterval(), filter);
    } else if (name.equals(DashboardCsv.GOALS)) {
      body = csv.goals(propertyId, selection.range(), filter);
    } else if (name.equals(DashboardCsv.PROPERTIES)) {
      body = csv.properties(propertyId, selection.range(), filter);
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
                + ", "
                + DashboardCsv.GOALS
                + ", "
                + DashboardCsv.PROPERTIES
                + ".");
      }
      body = csv.table(propertyId, selection.range(), t.get(), filter);
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
