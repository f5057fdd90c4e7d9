package dev.pledge.server.processors;

import dev.pledge.policy.PolicyRenderer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's "Data flows" page (B-25, B-31): per property, each processor its policy declares —
 * the categories it may receive, its region and transfer safeguard — beside what the processor gate
 * let through to it, counted per category; and the disclosures to authorities (B-26), recorded from
 * the same page and exported with the Art. 30 record.
 */
@Controller
class DataFlowsConsoleController {

  static final String PATH = "/console/data-flows";

  private final PolicyCatalog catalog;
  private final DataFlows flows;
  private final AuthorityDisclosures disclosures;

  DataFlowsConsoleController(
      PolicyCatalog catalog, DataFlows flows, AuthorityDisclosures disclosures) {
    this.catalog = catalog;
    this.flows = flows;
    this.disclosures = disclosures;
  }

  /**
   * One property's section of the page.
   *
   * @param errors what the operator must fix in this property's disclosure form, by field
   * @param entered what the operator typed into it, shown again beside the errors
   */
  record PropertyFlows(
      String id,
      String name,
      List<DataFlows.Flow> flows,
      List<AuthorityDisclosures.Disclosure> disclosures,
      List<Map.Entry<String, String>> categories,
      Map<String, String> errors,
      Map<String, Object> entered) {}

  @GetMapping(PATH)
  String page(@RequestParam(name = "recorded", required = false) String recorded, Model model) {
    return page(model, recorded, null, Map.of(), Map.of());
  }

  private String page(
      Model model,
      String recorded,
      String failedProperty,
      Map<String, String> errors,
      Map<String, Object> entered) {
    model.addAttribute(
        "properties",
        catalog.all().stream()
            .map(
                p -> {
                  boolean failed = p.id().value().equals(failedProperty);
                  return new PropertyFlows(
                      p.id().value(),
                      p.name(),
                      flows.of(p.id().value()),
                      disclosures.of(p.id().value()),
                      AuthorityDisclosures.categoriesOf(p.policy()),
                      failed ? errors : Map.of(),
                      failed ? entered : Map.of());
                })
            .toList());
    model.addAttribute("bases", AuthorityDisclosures.BASES);
    model.addAttribute("told", AuthorityDisclosures.TOLD);
    model.addAttribute("fields", AuthorityDisclosures.FIELDS);
    model.addAttribute("recorded", recorded);
    return "console/data-flows";
  }

  @PostMapping(PATH + "/disclosures")
  String record(
      @RequestParam(name = "property", required = false) String property,
      @RequestParam(name = "authority", required = false) String authority,
      @RequestParam(name = "receivedOn", required = false) String receivedOn,
      @RequestParam(name = "disclosedOn", required = false) String disclosedOn,
      @RequestParam(name = "basisType", required = false) String basisType,
      @RequestParam(name = "basisReference", required = false) String basisReference,
      @RequestParam(name = "categories", required = false) List<String> categories,
      @RequestParam(name = "people", required = false) String people,
      @RequestParam(name = "peopleTold", required = false) String peopleTold,
      @RequestParam(name = "note", required = false) String note,
      Principal operator,
      Model model,
      HttpServletResponse response) {
    NewDisclosure in =
        new NewDisclosure(
            property,
            authority,
            receivedOn,
            disclosedOn,
            basisType,
            basisReference,
            categories,
            people,
            peopleTold,
            note);
    try {
      String id = disclosures.record(in, "operator:" + operator.getName());
      return "redirect:" + PATH + "?recorded=" + id + "#disclosures-" + property.strip();
    } catch (DisclosureInputException e) {
      response.setStatus(400);
      Map<String, Object> entered = new java.util.HashMap<>();
      entered.put("authority", authority);
      entered.put("receivedOn", receivedOn);
      entered.put("disclosedOn", disclosedOn);
      entered.put("basisType", basisType);
      entered.put("basisReference", basisReference);
      entered.put("categories", categories == null ? List.of() : categories);
      entered.put("people", people);
      entered.put("peopleTold", peopleTold);
      entered.put("note", note);
      return page(model, null, property == null ? null : property.strip(), e.errors(), entered);
    }
  }

  /**
   * The property's Art. 30 record as {@code pledge policy render --format art30} writes it from the
   * policy, followed by the register of disclosures actually made — what a supervisory authority
   * asks for, in one file.
   */
  @GetMapping(value = PATH + "/art30.md")
  ResponseEntity<String> art30(@RequestParam(name = "property", required = false) String property) {
    ServedProperty p = property == null ? null : catalog.byId(property).orElse(null);
    if (p == null) {
      return ResponseEntity.status(404)
          .contentType(MediaType.TEXT_PLAIN)
          .body(
              "No served property is called '"
                  + property
                  + "'. Use ?property= with an id from the Properties page, e.g. image-studio.\n");
    }
    String record = PolicyRenderer.render(p.policy(), PolicyRenderer.Format.ART30);
    return ResponseEntity.ok()
        .contentType(new MediaType("text", "markdown", java.nio.charset.StandardCharsets.UTF_8))
        .header("Content-Disposition", "attachment; filename=\"art30-" + p.id().value() + ".md\"")
        .body(record + DisclosureRegister.markdown(disclosures.of(p.id().value())));
  }
}
