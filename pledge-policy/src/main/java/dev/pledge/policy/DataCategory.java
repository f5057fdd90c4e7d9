package dev.pledge.policy;

import java.util.List;

/**
 * One kind of data a property collects (or states that it does not collect).
 *
 * @param id dotted key, fideslang style where one fits (for example {@code
 *     user.behavior.page_views})
 * @param title the row title in the published data-category table
 * @param description plain-language description
 * @param collected whether the data is collected
 * @param collectedNote words shown after the collected value ("no account system exists"), or
 *     {@code null}
 * @param fields the fields stored for this category
 * @param purposes ids of the declared purposes this category serves; empty only when not collected
 * @param legalBasis GDPR Art. 6 basis, or {@code null} when not collected
 * @param source where the data comes from
 * @param anonymised true when the stored form is anonymised (checked by {@code pledge verify})
 * @param personal true when the category holds personal data about an identifiable person
 * @param retention the retention rule, or {@code null} when not collected
 * @param events custom analytics events collected under this category, besides page views; empty
 *     for most categories
 */
public record DataCategory(
    String id,
    String title,
    String description,
    Collected collected,
    String collectedNote,
    List<String> fields,
    List<String> purposes,
    LegalBasis legalBasis,
    String source,
    boolean anonymised,
    boolean personal,
    Retention retention,
    List<CustomEvent> events) {

  public DataCategory {
    fields = List.copyOf(fields);
    purposes = List.copyOf(purposes);
    events = List.copyOf(events);
  }

  /** A category without custom events. */
  public DataCategory(
      String id,
      String title,
      String description,
      Collected collected,
      String collectedNote,
      List<String> fields,
      List<String> purposes,
      LegalBasis legalBasis,
      String source,
      boolean anonymised,
      boolean personal,
      Retention retention) {
    this(
        id,
        title,
        description,
        collected,
        collectedNote,
        fields,
        purposes,
        legalBasis,
        source,
        anonymised,
        personal,
        retention,
        List.of());
  }

  /** Whether, and when, a category is collected. */
  public enum Collected {
    YES("yes"),
    NO("no"),
    ON_CONTACT("on-contact");

    private final String key;

    Collected(String key) {
      this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
      return key;
    }
  }
}
