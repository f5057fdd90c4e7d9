package dev.pledge.server.policychanges;

import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioPageModel;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The studio shows an announced change on every page until it takes effect (B-37). */
@Component
class UpcomingChangeNotice implements StudioPageModel {

  private final Studio studio;
  private final PolicyChanges changes;

  UpcomingChangeNotice(Studio studio, PolicyChanges changes) {
    this.studio = studio;
    this.changes = changes;
  }

  @Override
  public void addTo(HttpServletRequest request, Map<String, Object> model) {
    changes.upcoming(studio.id()).ifPresent(c -> model.put("policyChange", c));
  }
}
