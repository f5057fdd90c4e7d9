package dev.pledge.server.rights;

import dev.pledge.server.policy.ServedProperty;
import java.util.List;
import java.util.Optional;

/**
 * A property's own site header, for the privacy pages (the privacy center, the status page, the
 * published policy) to carry the same name and navigation as the rest of the site. Implemented by
 * the module that serves the site; a property without one gets its policy's name and a link home.
 */
public interface SiteFrame {

  /** The site's header, or empty when this module serves no site for the property. */
  Optional<Header> header(ServedProperty property);

  /**
   * A site's header.
   *
   * @param siteName the name the site's pages carry
   * @param links its top navigation, in order
   */
  record Header(String siteName, List<Link> links) {
    public Header {
      links = List.copyOf(links);
    }
  }

  /**
   * One entry.
   *
   * @param path a path on the property ({@code /formats/}), without the {@code /p/{id}} prefix
   * @param label what the link says
   */
  record Link(String path, String label) {}
}
