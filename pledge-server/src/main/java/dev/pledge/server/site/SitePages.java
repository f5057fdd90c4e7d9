package dev.pledge.server.site;

import dev.pledge.server.policy.ServedProperty;
import java.util.List;
import org.springframework.stereotype.Service;

/** The site module's published API: the pages a static-site property serves. */
@Service
public class SitePages {

  private final SiteContent content;
  private final SiteNavigation navigation;

  SitePages(SiteContent content, SiteNavigation navigation) {
    this.content = content;
    this.navigation = navigation;
  }

  /** Every page of the property, or none when it is not a static site with content. */
  public List<PublishedPage> of(ServedProperty property) {
    return content
        .rootFor(property)
        .map(
            root ->
                navigation.of(root).pages().stream()
                    .map(p -> new PublishedPage(p.url(), p.title(), p.updated()))
                    .toList())
        .orElse(List.of());
  }
}
