package dev.pledge.server.site;

import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.rights.SiteFrame;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The site's name and navigation, as the privacy pages show them in their header. */
@Component
class SiteHeaderNavigation implements SiteFrame {

  private final SiteContent content;
  private final SiteNavigation navigation;

  SiteHeaderNavigation(SiteContent content, SiteNavigation navigation) {
    this.content = content;
    this.navigation = navigation;
  }

  @Override
  public Optional<Header> header(ServedProperty property) {
    return content
        .rootFor(property)
        .map(navigation::of)
        .map(
            nav ->
                new Header(
                    nav.siteName(property.name()),
                    nav.items().stream().map(i -> new Link(i.url(), i.label())).toList()));
  }
}
