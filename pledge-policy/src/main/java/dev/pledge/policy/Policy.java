package dev.pledge.policy;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A whole privacy policy: everything a property promises, in one value. The engine enforces it and
 * the renderers publish it, so the two cannot drift apart.
 *
 * @param languageVersion the policy-language version the file was written for
 * @param property the service governed
 * @param controller who is responsible
 * @param contacts published contact points
 * @param effective the date this version takes effect
 * @param lastReviewed the date the policy was last reviewed
 * @param changes the change log, any order
 * @param summary the short plain-language summary shown first
 * @param sellsData whether personal data is sold (both shipped policies: never)
 * @param sharing who else receives data
 * @param disclosures situations in which data may be disclosed (law enforcement, court orders)
 * @param purposes declared purposes
 * @param categories declared data categories, including those explicitly not collected
 * @param rights rights offered
 * @param channels channels through which rights are exercised
 * @param laws laws complied with and their deadlines
 * @param responseTimes promised response times
 * @param cookieCategories cookie categories
 * @param cookies cookies that may be set (empty: none)
 * @param processors processors receiving data
 * @param regions storage regions
 * @param transfers international transfers
 * @param children rules for children, or {@code null} when the property has no accounts
 * @param breach breach-response clocks, or {@code null}
 * @param changeNotice how changes are announced
 * @param security security commitments
 */
public record Policy(
    int languageVersion,
    Property property,
    Controller controller,
    List<Contact> contacts,
    LocalDate effective,
    LocalDate lastReviewed,
    List<PolicyChange> changes,
    String summary,
    boolean sellsData,
    Sharing sharing,
    List<String> disclosures,
    List<Purpose> purposes,
    List<DataCategory> categories,
    List<Right> rights,
    List<Channel> channels,
    List<Law> laws,
    ResponseTimes responseTimes,
    List<CookieCategory> cookieCategories,
    List<Cookie> cookies,
    List<Processor> processors,
    List<Region> regions,
    List<Transfer> transfers,
    Children children,
    BreachPolicy breach,
    ChangeNotice changeNotice,
    List<SecurityMeasure> security) {

  public Policy {
    contacts = List.copyOf(contacts);
    changes = List.copyOf(changes);
    disclosures = List.copyOf(disclosures);
    purposes = List.copyOf(purposes);
    categories = List.copyOf(categories);
    rights = List.copyOf(rights);
    channels = List.copyOf(channels);
    laws = List.copyOf(laws);
    cookieCategories = List.copyOf(cookieCategories);
    cookies = List.copyOf(cookies);
    processors = List.copyOf(processors);
    regions = List.copyOf(regions);
    transfers = List.copyOf(transfers);
    security = List.copyOf(security);
  }

  /** Who besides the controller receives personal data. */
  public enum Sharing {
    NONE("none"),
    PROCESSORS_ONLY("processors-only");

    private final String key;

    Sharing(String key) {
      this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
      return key;
    }
  }

  /** The newest change-log entry, if any. */
  public Optional<PolicyChange> latestChange() {
    return changes.stream().max(Comparator.comparing(PolicyChange::effective));
  }

  /** The newest change when it is material: the published policy announces it at the top. */
  public Optional<PolicyChange> materialChangeNotice() {
    return latestChange().filter(PolicyChange::material);
  }

  public Optional<DataCategory> category(String id) {
    return categories.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Optional<Purpose> purpose(String id) {
    return purposes.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  public Optional<Contact> contact(Contact.Role role) {
    return contacts.stream().filter(c -> c.role() == role).findFirst();
  }

  public Optional<Channel> channel(String id) {
    return channels.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Optional<Law> law(String id) {
    return laws.stream().filter(l -> l.id().equals(id)).findFirst();
  }
}
