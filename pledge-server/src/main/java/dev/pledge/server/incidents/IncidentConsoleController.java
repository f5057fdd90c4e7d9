package dev.pledge.server.incidents;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Policy;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.RetentionStore;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's Incidents page (the console's chain guards {@code /console/**}): the incidents with
 * their clocks, opening one for a property from its categories and stores, and each step of an
 * incident — containment and assessment, the notices from their drafts, the public summary,
 * closing. People are shown as counts only; the people's notice goes out without a list of them.
 */
@Controller
class IncidentConsoleController {

  static final String PATH = "/console/incidents";

  private final Incidents incidents;
  private final PolicyCatalog catalog;

  IncidentConsoleController(Incidents incidents, PolicyCatalog catalog) {
    this.incidents = incidents;
    this.catalog = catalog;
  }

  /** A row of the list. */
  record Row(
      String id, String property, String title, String status, String discovered, String next) {}

  /** A category or store the form offers. */
  record Choice(String value, String label) {}

  @GetMapping(PATH)
  String list(Model model) {
    Instant now = incidents.now();
    List<Row> rows =
        incidents.all().stream()
            .map(
                i ->
                    new Row(
                        i.id(),
                        i.property(),
                        i.title(),
                        i.status(),
                        IncidentWords.moment(i.discoveredAt()),
                        i.closed()
                            ? "closed " + IncidentWords.moment(i.closedAt())
                            : incidents.clocks(i).stream()
                                .filter(c -> !c.met())
                                .findFirst()
                                .map(c -> c.label() + ": " + c.state(now))
                                .orElse("all clocks met")))
            .toList();
    model.addAttribute("rows", rows);
    model.addAttribute(
        "properties",
        catalog.all().stream().map(p -> new Choice(p.id().value(), p.name())).toList());
    return "console/incidents";
  }

  @GetMapping(PATH + "/new")
  String form(@RequestParam(name = "property", required = false) String property, Model model) {
    ServedProperty p = incidents.property(property);
    return form(p, model, Map.of());
  }

  private String form(ServedProperty p, Model model, Map<String, String> errors) {
    Policy policy = p.policy();
    model.addAttribute("property", p.id().value());
    model.addAttribute("propertyName", p.name());
    model.addAttribute(
        "categories",
        policy.categories().stream()
            .map(c -> new Choice(c.id(), c.title() + " (" + c.id() + ")"))
            .toList());
    model.addAttribute(
        "stores",
        incidents.storesOf(p.id().value()).stream()
            .map(s -> new Choice(s.name(), s.name() + " — " + title(policy, s)))
            .toList());
    model.addAttribute("errors", errors);
    return "console/incident-new";
  }

  private static String title(Policy policy, RetentionStore s) {
    return policy.category(s.category()).map(DataCategory::title).orElse(s.category());
  }

  @PostMapping(PATH)
  String open(
      @RequestParam(name = "property", required = false) String property,
      @RequestParam(name = "title", required = false) String title,
      @RequestParam(name = "whatHappened", required = false) String whatHappened,
      @RequestParam(name = "discoveredAt", required = false) String discoveredAt,
      @RequestParam(name = "categories", required = false) List<String> categories,
      @RequestParam(name = "stores", required = false) List<String> stores,
      @RequestParam(name = "highRisk", required = false) String highRisk,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    ServedProperty p = incidents.property(property);
    try {
      Instant discovered = parseLocal(discoveredAt);
      Incident i =
          incidents.open(
              new NewIncident(
                  p.id().value(),
                  title,
                  whatHappened,
                  discovered,
                  stores,
                  categories,
                  highRisk != null),
              actor(operator));
      return "redirect:" + PATH + "/" + i.id();
    } catch (IncidentInputException e) {
      response.setStatus(400);
      return form(p, model, e.errors());
    }
  }

  /** A {@code datetime-local} value, read as UTC as the form says. */
  private static Instant parseLocal(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new IncidentInputException(
          "discoveredAt", "Write the discovery time as 2026-12-06T09:30 (UTC).");
    }
  }

  /** A clock as the page shows it. */
  record ClockView(
      String key, String label, String due, String state, boolean met, boolean overdue) {}

  @GetMapping(PATH + "/{id}")
  String incident(@PathVariable String id, Model model, HttpServletResponse response) {
    return show(id, model, Map.of(), response);
  }

  private String show(
      String id, Model model, Map<String, String> errors, HttpServletResponse response) {
    var found = incidents.find(id);
    if (found.isEmpty()) {
      response.setStatus(404);
      model.addAttribute("problem", "No incident has the id " + id + ".");
      return "console/incident-missing";
    }
    Incident i = found.get();
    Policy policy = incidents.policyOf(i);
    Instant now = incidents.now();
    model.addAttribute("i", i);
    model.addAttribute("discovered", IncidentWords.moment(i.discoveredAt()));
    model.addAttribute("opened", IncidentWords.moment(i.openedAt()));
    model.addAttribute(
        "clocks",
        incidents.clocks(i).stream()
            .map(
                c ->
                    new ClockView(
                        c.key(),
                        c.label(),
                        IncidentWords.moment(c.due()),
                        c.state(now),
                        c.met(),
                        c.overdue(now)))
            .toList());
    model.addAttribute("categories", IncidentDrafts.categories(i, policy));
    model.addAttribute("regulatorDraft", IncidentDrafts.regulator(i, policy));
    model.addAttribute("peopleDraft", IncidentDrafts.people(i, policy));
    model.addAttribute("errors", errors);
    model.addAttribute("steps", policy.breach() == null ? List.of() : policy.breach().steps());
    return "console/incident";
  }

  @PostMapping(PATH + "/{id}/contain")
  String contain(
      @PathVariable String id,
      @RequestParam(name = "assessment", required = false) String assessment,
      @RequestParam(name = "highRisk", required = false) String highRisk,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    return step(
        id,
        model,
        response,
        () -> incidents.contain(id, assessment, highRisk != null, actor(operator)));
  }

  @PostMapping(PATH + "/{id}/regulator")
  String regulator(
      @PathVariable String id,
      @RequestParam(name = "regulatorAddress", required = false) String to,
      @RequestParam(name = "body", required = false) String body,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    return step(
        id, model, response, () -> incidents.notifyRegulator(id, to, body, actor(operator)));
  }

  @PostMapping(PATH + "/{id}/people")
  String people(
      @PathVariable String id,
      @RequestParam(name = "body", required = false) String body,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    return step(id, model, response, () -> incidents.notifyPeople(id, body, actor(operator)));
  }

  @PostMapping(PATH + "/{id}/disclose")
  String disclose(
      @PathVariable String id,
      @RequestParam(name = "publicSummary", required = false) String summary,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    return step(id, model, response, () -> incidents.disclose(id, summary, actor(operator)));
  }

  @PostMapping(PATH + "/{id}/close")
  String close(
      @PathVariable String id,
      @RequestParam(name = "remediation", required = false) String remediation,
      @RequestParam(name = "lessons", required = false) String lessons,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    return step(
        id, model, response, () -> incidents.close(id, remediation, lessons, actor(operator)));
  }

  private String step(String id, Model model, HttpServletResponse response, Runnable action) {
    try {
      action.run();
      return "redirect:" + PATH + "/" + id;
    } catch (IncidentInputException e) {
      response.setStatus(400);
      return show(id, model, e.errors(), response);
    }
  }

  /** An unknown property or incident in the address: the console's own not-found page. */
  @ExceptionHandler(IncidentInputException.class)
  String unknown(IncidentInputException e, Model model, HttpServletResponse response) {
    response.setStatus(404);
    model.addAttribute("problem", String.join(" ", e.errors().values()));
    return "console/incident-missing";
  }

  private static String actor(Principal operator) {
    return "operator:" + operator.getName();
  }
}
