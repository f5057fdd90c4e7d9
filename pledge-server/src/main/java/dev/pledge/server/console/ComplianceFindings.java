package dev.pledge.server.console;

import dev.pledge.server.compliance.Violation;
import dev.pledge.server.retention.RetentionGap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the Compliance page lists: every violation {@code pledge verify} found and every gap the
 * retention engine reports, grouped by property and then by kind, each kind with what to do about
 * it in plain words and a link to where it is fixed — a console page, or the section of the
 * documentation the console serves under {@code /console/docs/}.
 */
final class ComplianceFindings {

  /** The property id of findings about the deployment as a whole. */
  static final String DEPLOYMENT = "*";

  private static final Pattern REFERENCE = Pattern.compile("R-[0-9A-Z]{4}-[0-9A-Z]{4}");

  private ComplianceFindings() {}

  /**
   * One kind of finding and what to do about it.
   *
   * @param key a stable name, for the page's data attribute
   * @param title the kind in words
   * @param todo what to do, in plain words
   * @param link where it is fixed
   * @param linkText the link's words
   */
  record Advice(String key, String title, String todo, String link, String linkText) {}

  /**
   * One finding: where, and what is wrong; {@code link} opens the thing itself, when it has one.
   */
  record Item(String where, String message, String link) {}

  record Group(Advice advice, List<Item> items) {}

  record PropertyFindings(String property, String name, List<Group> groups) {}

  static Advice advice(Violation.Kind kind) {
    return switch (kind) {
      case OVERDUE ->
          new Advice(
              "overdue",
              "Kept past its retention",
              "Run a retention sweep now (the button below the plan). If the items are still"
                  + " there after it, the store's sweep fails: the server log names the store and"
                  + " why.",
              "/console/compliance#retention-plan",
              "Retention plan and sweep");
      case NOT_COLLECTED ->
          new Advice(
              "not-collected",
              "Data the policy says is not collected",
              "Stop the module that collects it, or declare the category as collected in the"
                  + " policy — a material change the published policy then announces — and delete"
                  + " what was gathered meanwhile.",
              "/console/docs/policy-language#categories",
              "Categories in the policy language");
      case NOT_ANONYMISED ->
          new Advice(
              "not-anonymised",
              "Raw addresses where the policy promises anonymised data",
              "Find what writes them into the store named, make it anonymise before storing,"
                  + " then delete the rows that hold raw addresses.",
              "/console/docs/readme#retention-that-runs-and-pledge-verify",
              "What pledge verify checks");
      case UNREGISTERED_TABLE ->
          new Advice(
              "unregistered-table",
              "Tables no retention store covers",
              "Its rows are neither expired nor found by rights requests. Register a retention"
                  + " store for the table, or declare it free of personal data.",
              "/console/docs/retention#tables-without-personal-data",
              "Stores and tables without personal data");
      case REQUEST_OVERDUE ->
          new Advice(
              "request-overdue",
              "Rights requests past their deadline",
              "Answer each now — or, where the law allows and it is not extended yet, extend it"
                  + " with a reason the requester is told.",
              "/console/requests?due=overdue",
              "Overdue requests");
      case OUTSIDE_REGION ->
          new Advice(
              "outside-region",
              "Stored outside its owner's region",
              "Move the object to the store of its owner's region (pledge.blobs.region-directories"
                  + " or region-buckets), or delete it; then find what stored it there.",
              "/console/docs/readme#data-residency",
              "Data residency");
    };
  }

  static final Advice GAP =
      new Advice(
          "not-enforced",
          "Not enforced: no store holds it",
          "The policy declares this, but no store that Pledge can sweep, search or erase is bound"
              + " to it, so its retention and people's requests are not carried out for it. Bind a"
              + " store to the category (or the store to a category), or do it by hand and record"
              + " how.",
          "/console/docs/retention#registering-stores",
          "Registering stores");

  static List<PropertyFindings> group(
      List<Violation> violations, List<RetentionGap> gaps, Function<String, String> names) {
    Map<String, Map<String, Group>> byProperty = new LinkedHashMap<>();
    for (Violation v : violations) {
      Advice a = advice(v.kind());
      byProperty
          .computeIfAbsent(v.property(), k -> new LinkedHashMap<>())
          .computeIfAbsent(a.key(), k -> new Group(a, new ArrayList<>()))
          .items()
          .add(new Item(v.where(), v.message(), link(v)));
    }
    for (RetentionGap g : gaps) {
      byProperty
          .computeIfAbsent(g.property(), k -> new LinkedHashMap<>())
          .computeIfAbsent(GAP.key(), k -> new Group(GAP, new ArrayList<>()))
          .items()
          .add(new Item(g.subject(), g.problem(), null));
    }
    List<PropertyFindings> out = new ArrayList<>();
    byProperty.forEach(
        (property, groups) ->
            out.add(
                new PropertyFindings(
                    property,
                    property.equals(DEPLOYMENT) ? "The whole deployment" : names.apply(property),
                    List.copyOf(groups.values()))));
    return out;
  }

  /** An overdue request opens its own page. */
  private static String link(Violation v) {
    if (v.kind() == Violation.Kind.REQUEST_OVERDUE) {
      Matcher m = REFERENCE.matcher(v.where());
      if (m.find()) {
        return "/console/requests/" + m.group();
      }
    }
    return null;
  }
}
