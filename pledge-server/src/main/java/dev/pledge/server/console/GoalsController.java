package dev.pledge.server.console;

import dev.pledge.server.analytics.AnalyticsGoals;
import dev.pledge.server.analytics.Goal;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The goals an operator sets for a property's dashboard. Every change answers with the page again
 * (after a redirect when it worked), and a goal that cannot be set says why, with status 400.
 */
@Controller
@RequestMapping("/console/{propertyId:[a-z0-9][a-z0-9-]{0,62}}/goals")
class GoalsController {

  /** A goal as the page lists it. */
  record GoalItem(long id, String key, String label, String kind, String countedFrom) {}

  private final PolicyCatalog catalog;
  private final AnalyticsGoals goals;

  GoalsController(PolicyCatalog catalog, AnalyticsGoals goals) {
    this.catalog = catalog;
    this.goals = goals;
  }

  @GetMapping
  String page(
      @PathVariable String propertyId,
      @RequestParam(required = false) String done,
      Model model,
      HttpServletResponse response) {
    Optional<ServedProperty> property = catalog.byId(propertyId);
    if (property.isEmpty()) {
      return ConsoleHomeController.notFound(model, response, propertyId);
    }
    if ("added".equals(done)) {
      model.addAttribute("done", "Goal set. The dashboard's Goals table counts it.");
    } else if ("removed".equals(done)) {
      model.addAttribute("done", "Goal removed, with what was counted for it.");
    }
    return show(property.get(), model);
  }

  @PostMapping
  String add(
      @PathVariable String propertyId,
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String event,
      @RequestParam(required = false) String pattern,
      Model model,
      HttpServletResponse response) {
    Optional<ServedProperty> property = catalog.byId(propertyId);
    if (property.isEmpty()) {
      return ConsoleHomeController.notFound(model, response, propertyId);
    }
    try {
      Goal goal =
          switch (kind == null ? "" : kind) {
            case "event" -> Goal.event(required(event, "Choose the custom event to count."));
            case "page" -> Goal.page(required(pattern, "Give the page pattern to count."));
            default ->
                throw new AnalyticsGoals.InvalidGoal(
                    "Say what kind of goal to set: kind=event with event=<name>, or kind=page"
                        + " with pattern=<path pattern>.");
          };
      goals.add(propertyId, goal);
      return "redirect:/console/" + propertyId + "/goals?done=added";
    } catch (AnalyticsGoals.InvalidGoal e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("error", e.getMessage());
      model.addAttribute("pattern", pattern);
      return show(property.get(), model);
    }
  }

  @PostMapping("/{goalId:[0-9]{1,18}}/remove")
  String remove(
      @PathVariable String propertyId,
      @PathVariable long goalId,
      Model model,
      HttpServletResponse response) {
    Optional<ServedProperty> property = catalog.byId(propertyId);
    if (property.isEmpty()) {
      return ConsoleHomeController.notFound(model, response, propertyId);
    }
    if (!goals.remove(propertyId, goalId)) {
      response.setStatus(HttpServletResponse.SC_NOT_FOUND);
      model.addAttribute("error", "There is no such goal (any more): the list below is current.");
      return show(property.get(), model);
    }
    return "redirect:/console/" + propertyId + "/goals?done=removed";
  }

  private String show(ServedProperty property, Model model) {
    String id = property.id().value();
    model.addAttribute("property", property);
    List<GoalItem> items =
        goals.of(id).stream()
            .map(
                g ->
                    new GoalItem(
                        g.id(),
                        g.goal().key(),
                        g.goal().label(),
                        g.goal().kind() == Goal.Kind.EVENT ? "Custom event" : "Page visit",
                        g.countedFrom() == null
                            ? "the event's first day"
                            : ConsoleFormat.day(g.countedFrom())))
            .toList();
    model.addAttribute("goals", items);
    model.addAttribute("events", List.copyOf(goals.declaredEvents(id).keySet()));
    return "console/goals";
  }

  private static String required(String value, String message) throws AnalyticsGoals.InvalidGoal {
    if (value == null || value.isBlank()) {
      throw new AnalyticsGoals.InvalidGoal(message);
    }
    return value;
  }
}
