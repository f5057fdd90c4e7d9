package dev.pledge.server.processors;

import dev.pledge.server.policy.PolicyCatalog;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's "Data flows" page (B-25, B-31): per property, each processor its policy declares —
 * the categories it may receive, its region and transfer safeguard — beside what the processor gate
 * let through to it, counted per category.
 */
@Controller
class DataFlowsConsoleController {

  static final String PATH = "/console/data-flows";

  private final PolicyCatalog catalog;
  private final DataFlows flows;

  DataFlowsConsoleController(PolicyCatalog catalog, DataFlows flows) {
    this.catalog = catalog;
    this.flows = flows;
  }

  /** One property's section of the page. */
  record PropertyFlows(String id, String name, List<DataFlows.Flow> flows) {}

  @GetMapping(PATH)
  String page(Model model) {
    model.addAttribute(
        "properties",
        catalog.all().stream()
            .map(p -> new PropertyFlows(p.id().value(), p.name(), flows.of(p.id().value())))
            .toList());
    return "console/data-flows";
  }
}
