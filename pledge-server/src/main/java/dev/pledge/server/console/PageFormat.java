package dev.pledge.server.console;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.shared.HumanFormat;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@link HumanFormat} for the console's templates, as {@code ${@format.moment(instant)}}: pages
 * format values the way every other place a person reads does, without each controller formatting
 * them first.
 */
@Component("format")
class PageFormat {

  private final PolicyCatalog catalog;

  PageFormat(PolicyCatalog catalog) {
    this.catalog = catalog;
  }

  /** A property by its name, as its policy gives it; the id when it is no longer served. */
  public String property(String id) {
    return catalog.byId(id).map(ServedProperty::name).orElse(id);
  }

  /** A stored key in words: "erasure-receipt" → "Erasure receipt". */
  public String label(String key) {
    return HumanFormat.label(key);
  }

  public String moment(Instant at) {
    return HumanFormat.moment(at);
  }

  public String count(long n) {
    return HumanFormat.count(n);
  }

  public String plural(long n, String noun) {
    return HumanFormat.plural(n, noun);
  }
}
