package dev.pledge.server.console;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RequestQuery;
import dev.pledge.server.rights.RequestWeek;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The rights-request queue (B-29, B-38, B-39): every request, open ones soonest due first, with
 * filters by property, kind, status, channel and due date, a search by reference or requester
 * address, pages of {@value #PAGE} rows, the filtered list as CSV, and a chart of requests received
 * per week with the share answered on time.
 *
 * <p>Filters and a reference live in the URL. An address never does: Pledge's own access log scrubs
 * addresses, a proxy's or a browser history might not. It is posted, kept in the operator's session
 * under a random id, and the URL carries only that id ({@code ?search=…}), so paging, CSV and the
 * back button keep working; the id means nothing outside this session.
 */
@Controller
class RequestQueueController {

  static final int PAGE = 25;

  /** The CSV holds the whole filtered list, bounded so that one export stays one query. */
  static final int CSV_ROWS = 10_000;

  static final int CHART_WEEKS = 26;

  static final Duration WEEK = Duration.ofDays(7);

  /** Searches an operator made in this session: id → address. */
  static final String SEARCHES = RequestQueueController.class.getName() + ".searches";

  private static final int MAX_SEARCHES = 20;
  private static final Pattern SEARCH_ID = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern FULL_REFERENCE = Pattern.compile("R-[0-9A-Z]{4}-[0-9A-Z]{4}");
  private static final DateTimeFormatter WEEK_LABEL =
      DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter WEEK_TITLE =
      DateTimeFormatter.ofPattern("'Week of' d MMMM yyyy", Locale.ENGLISH);

  private final RightsRequests requests;
  private final PolicyCatalog catalog;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  RequestQueueController(RightsRequests requests, PolicyCatalog catalog, Clock clock) {
    this.requests = requests;
    this.catalog = catalog;
    this.clock = clock;
  }

  /** The filters as the URL carries them; every one optional. */
  record Filters(
      String property,
      String kind,
      String status,
      String channel,
      String due,
      String ref,
      String search,
      Integer page) {

    /** The query string of these filters, without the page unless asked. */
    String query(boolean withPage) {
      MultiValueMap<String, String> q = new LinkedMultiValueMap<>();
      put(q, "property", property);
      put(q, "kind", kind);
      put(q, "status", status);
      put(q, "channel", channel);
      put(q, "due", due);
      put(q, "ref", ref);
      put(q, "search", search);
      if (withPage && page != null && page > 1) {
        q.add("page", page.toString());
      }
      String s = UriComponentsBuilder.newInstance().queryParams(q).build().encode().getQuery();
      return s == null ? "" : s;
    }

    Filters page(int n) {
      return new Filters(property, kind, status, channel, due, ref, search, n);
    }

    public boolean any() {
      return !query(false).isEmpty();
    }

    private static void put(MultiValueMap<String, String> q, String name, String value) {
      if (value != null && !value.isBlank()) {
        q.add(name, value.strip());
      }
    }
  }

  /** A queue row as the table and the CSV show it. */
  record Row(
      String reference,
      String property,
      String propertyName,
      String kind,
      String status,
      String statusKey,
      String channel,
      String requester,
      String received,
      String due,
      String daysLeft,
      Long days,
      String urgency) {}

  /** One option of a filter. */
  record Option(String value, String label) {}

  /** The filters read, or the problems with them (by parameter). */
  record Selection(RequestQuery query, Map<String, String> problems) {}

  @ModelAttribute("filters")
  Filters filters(
      @RequestParam(name = "property", required = false) String property,
      @RequestParam(name = "kind", required = false) String kind,
      @RequestParam(name = "status", required = false) String status,
      @RequestParam(name = "channel", required = false) String channel,
      @RequestParam(name = "due", required = false) String due,
      @RequestParam(name = "ref", required = false) String ref,
      @RequestParam(name = "search", required = false) String search,
      @RequestParam(name = "page", required = false) String page) {
    Integer n = null;
    if (page != null && page.strip().matches("[0-9]{1,6}")) {
      n = Math.max(1, Integer.parseInt(page.strip()));
    }
    return new Filters(
        blank(property),
        blank(kind),
        blank(status),
        blank(channel),
        blank(due),
        blank(ref),
        blank(search),
        n);
  }

  @GetMapping("/console/requests")
  String queue(
      @ModelAttribute("filters") Filters filters,
      HttpSession session,
      HttpServletResponse response,
      Model model) {
    Instant now = clock.instant();
    Selection selection = select(filters, session, now);
    options(model);
    model.addAttribute("problems", selection.problems());
    model.addAttribute(
        "searchedAddress", filters.search() != null && selection.problems().isEmpty());
    if (!selection.problems().isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("rows", List.of());
      model.addAttribute("total", 0L);
      model.addAttribute("pages", 1);
      model.addAttribute("page", 1);
      model.addAttribute("overdue", 0L);
      chart(model, RequestQuery.any(), now);
      return "console/requests";
    }
    RequestQuery query = selection.query();
    long total = requests.count(query);
    int pages = (int) Math.max(1, (total + PAGE - 1) / PAGE);
    int page = Math.min(filters.page() == null ? 1 : filters.page(), pages);
    List<Row> rows =
        requests.search(query, (page - 1) * PAGE, PAGE).stream().map(r -> row(r, now)).toList();
    model.addAttribute("rows", rows);
    model.addAttribute("total", total);
    model.addAttribute("page", page);
    model.addAttribute("pages", pages);
    model.addAttribute("firstRow", total == 0 ? 0 : (page - 1) * PAGE + 1);
    model.addAttribute("lastRow", (page - 1) * PAGE + rows.size());
    model.addAttribute(
        "previousUrl", page > 1 ? "/console/requests?" + filters.page(page - 1).query(true) : null);
    model.addAttribute(
        "nextUrl", page < pages ? "/console/requests?" + filters.page(page + 1).query(true) : null);
    model.addAttribute("csvUrl", "/console/requests.csv?" + filters.query(false));
    model.addAttribute(
        "overdue",
        requests.count(RequestQuery.any().withProperty(query.property()).withDue(null, now)));
    chart(model, query, now);
    return "console/requests";
  }

  /**
   * The search box: an address is kept in the session and the queue opened with its id; a whole
   * reference that exists opens that request; anything else searches references.
   */
  @PostMapping("/console/requests/search")
  String search(
      @RequestParam(name = "q", required = false) String q,
      @ModelAttribute("filters") Filters filters,
      HttpSession session) {
    String typed = q == null ? "" : q.strip();
    Filters without =
        new Filters(
            filters.property(),
            filters.kind(),
            filters.status(),
            filters.channel(),
            filters.due(),
            null,
            null,
            null);
    if (typed.isEmpty()) {
      return redirect(without);
    }
    if (typed.contains("@")) {
      String id = remember(session, typed);
      return redirect(
          new Filters(
              without.property(),
              without.kind(),
              without.status(),
              without.channel(),
              without.due(),
              null,
              id,
              null));
    }
    String reference = typed.toUpperCase(Locale.ROOT);
    if (FULL_REFERENCE.matcher(reference).matches()
        && requests.byReference(reference).isPresent()) {
      return "redirect:/console/requests/" + reference;
    }
    return redirect(
        new Filters(
            without.property(),
            without.kind(),
            without.status(),
            without.channel(),
            without.due(),
            typed.length() > 40 ? typed.substring(0, 40) : typed,
            null,
            null));
  }

  /** The filtered list as CSV: every row, not just the page, with the requester masked. */
  @GetMapping("/console/requests.csv")
  ResponseEntity<String> csv(@ModelAttribute("filters") Filters filters, HttpSession session) {
    Instant now = clock.instant();
    Selection selection = select(filters, session, now);
    if (!selection.problems().isEmpty()) {
      return ResponseEntity.badRequest()
          .contentType(new MediaType("text", "plain", StandardCharsets.UTF_8))
          .body(String.join("\n", selection.problems().values()) + "\n");
    }
    CsvExport csv = new CsvExport();
    csv.row(
        List.of(
            "reference",
            "property",
            "kind",
            "status",
            "channel",
            "requester",
            "received_utc",
            "due_utc",
            "days_left",
            "closed_utc"));
    for (RightsRequest r : requests.search(selection.query(), 0, CSV_ROWS)) {
      Long days = RequestWords.daysLeft(r, now);
      List<Object> cells = new ArrayList<>();
      cells.add(r.reference());
      cells.add(r.property());
      cells.add(r.kind().key());
      cells.add(r.status().key());
      cells.add(r.channel().key());
      cells.add(RequestWords.requester(r));
      cells.add(iso(r.receivedAt()));
      cells.add(iso(r.dueAt()));
      cells.add(days == null ? "" : days);
      cells.add(iso(r.closedAt()));
      csv.row(cells);
    }
    String day = now.atZone(requests.zone()).toLocalDate().toString();
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment()
                .filename("rights-requests-" + day + ".csv")
                .build()
                .toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(csv.toString());
  }

  private Selection select(Filters f, HttpSession session, Instant now) {
    Selection s = select(f, catalog, now);
    if (f.search() == null) {
      return s;
    }
    String address = recall(session, f.search());
    if (address == null) {
      s.problems()
          .put(
              "search",
              "This search belongs to another session or has expired: type the address again.");
    }
    return new Selection(s.query().withRequesterAddress(address), s.problems());
  }

  /** The query the filters stand for, all but an address search (which needs the session). */
  static Selection select(Filters f, PolicyCatalog catalog, Instant now) {
    Map<String, String> problems = new LinkedHashMap<>();
    RequestQuery q = RequestQuery.any();
    if (f.property() != null) {
      if (catalog.byId(f.property()).isEmpty()) {
        problems.put(
            "property",
            "Name a served property by its id: "
                + String.join(", ", catalog.all().stream().map(p -> p.id().value()).toList())
                + ".");
      }
      q = q.withProperty(f.property());
    }
    if (f.kind() != null) {
      Optional<RightsRequestKind> kind = RequestKeys.kind(f.kind());
      if (kind.isEmpty()) {
        problems.put(
            "kind",
            "Use one of: "
                + String.join(
                    ", ",
                    Arrays.stream(RightsRequestKind.values()).map(RightsRequestKind::key).toList())
                + ".");
      }
      q = q.withKind(kind.orElse(null));
    }
    q = q.withStatuses(statuses(f.status(), problems));
    if (f.channel() != null) {
      Optional<RequestChannel> channel = RequestKeys.channel(f.channel());
      if (channel.isEmpty()) {
        problems.put(
            "channel",
            "Use one of: "
                + String.join(
                    ", ", Arrays.stream(RequestChannel.values()).map(RequestChannel::key).toList())
                + ".");
      }
      q = q.withChannel(channel.orElse(null));
    }
    if (f.due() != null) {
      switch (f.due()) {
        case "overdue" -> q = q.withDue(null, now);
        case "week" -> q = q.withDue(now, now.plus(WEEK));
        case "later" -> q = q.withDue(now.plus(WEEK), null);
        default -> problems.put("due", "Use overdue, week or later.");
      }
    }
    if (f.ref() != null) {
      q = q.withReference(f.ref());
    }
    return new Selection(q, problems);
  }

  private static Set<RightsRequestStatus> statuses(String status, Map<String, String> problems) {
    if (status == null || status.equals("open")) {
      return RequestQuery.open();
    }
    if (status.equals("all")) {
      return Set.of();
    }
    if (status.equals("closed")) {
      return RequestQuery.closed();
    }
    Optional<RightsRequestStatus> one = RequestKeys.status(status);
    if (one.isEmpty()) {
      problems.put(
          "status",
          "Use open (the default), closed, all, or one of: "
              + String.join(
                  ", ",
                  Arrays.stream(RightsRequestStatus.values())
                      .map(RightsRequestStatus::key)
                      .toList())
              + ".");
      return RequestQuery.open();
    }
    return Set.of(one.get());
  }

  private void options(Model model) {
    model.addAttribute(
        "properties",
        catalog.all().stream().map(p -> new Option(p.id().value(), p.name())).toList());
    model.addAttribute(
        "kinds",
        Arrays.stream(RightsRequestKind.values())
            .map(k -> new Option(k.key(), RequestWords.label(k.key())))
            .toList());
    List<Option> statuses = new ArrayList<>();
    statuses.add(new Option("open", "Open"));
    statuses.add(new Option("closed", "Closed"));
    statuses.add(new Option("all", "All"));
    for (RightsRequestStatus s : RightsRequestStatus.values()) {
      statuses.add(new Option(s.key(), RequestWords.label(s.key())));
    }
    model.addAttribute("statuses", statuses);
    model.addAttribute(
        "channels",
        Arrays.stream(RequestChannel.values())
            .map(c -> new Option(c.key(), RequestWords.label(c.key())))
            .toList());
    model.addAttribute(
        "dues",
        List.of(
            new Option("overdue", "Overdue"),
            new Option("week", "This week (next 7 days)"),
            new Option("later", "Later")));
  }

  private void chart(Model model, RequestQuery query, Instant now) {
    List<RequestWeek> weeks = requests.weekly(query, CHART_WEEKS, now);
    model.addAttribute("weeks", weeks);
    model.addAttribute(
        "chartLabels", json(weeks.stream().map(w -> WEEK_LABEL.format(w.monday())).toList()));
    model.addAttribute(
        "chartTitles", json(weeks.stream().map(w -> WEEK_TITLE.format(w.monday())).toList()));
    model.addAttribute("chartOpened", json(weeks.stream().map(RequestWeek::opened).toList()));
    model.addAttribute(
        "chartOnTime", json(weeks.stream().map(RequestWeek::onTimePercent).toList()));
    model.addAttribute("weekTitle", WEEK_TITLE);
  }

  private Row row(RightsRequest r, Instant now) {
    return new Row(
        r.reference(),
        r.property(),
        catalog.byId(r.property()).map(p -> p.name()).orElse(r.property()),
        RequestWords.label(r.kind().key())
            + (r.purpose() == null ? "" : " (" + RequestWords.label(r.purpose().key()) + ")"),
        RequestWords.label(r.status().key()),
        r.status().key(),
        RequestWords.label(r.channel().key()),
        RequestWords.requester(r),
        r.receivedAt() == null ? "—" : ConsoleFormat.instant(r.receivedAt()),
        r.dueAt() == null ? "—" : ConsoleFormat.instant(r.dueAt()),
        RequestWords.daysLeftText(r, now),
        RequestWords.daysLeft(r, now),
        RequestWords.urgency(r, now));
  }

  @SuppressWarnings("unchecked")
  private String remember(HttpSession session, String address) {
    Map<String, String> searches = (Map<String, String>) session.getAttribute(SEARCHES);
    LinkedHashMap<String, String> next =
        searches == null ? new LinkedHashMap<>() : new LinkedHashMap<>(searches);
    String existing =
        next.entrySet().stream()
            .filter(e -> e.getValue().equalsIgnoreCase(address))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (existing != null) {
      return existing;
    }
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    String id = HexFormat.of().formatHex(bytes);
    next.put(id, address);
    while (next.size() > MAX_SEARCHES) {
      next.remove(next.keySet().iterator().next());
    }
    session.setAttribute(SEARCHES, next);
    return id;
  }

  @SuppressWarnings("unchecked")
  private static String recall(HttpSession session, String id) {
    if (!SEARCH_ID.matcher(id).matches()) {
      return null;
    }
    Map<String, String> searches = (Map<String, String>) session.getAttribute(SEARCHES);
    return searches == null ? null : searches.get(id);
  }

  private static String redirect(Filters f) {
    String q = f.query(false);
    return "redirect:/console/requests" + (q.isEmpty() ? "" : "?" + q);
  }

  private static String json(List<?> values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        s.append(',');
      }
      Object v = values.get(i);
      if (v == null) {
        s.append("null");
      } else if (v instanceof Number) {
        s.append(v);
      } else {
        s.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return s.append(']').toString();
  }

  private static String iso(Instant t) {
    return t == null
        ? ""
        : DateTimeFormatter.ISO_INSTANT.format(
            t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
