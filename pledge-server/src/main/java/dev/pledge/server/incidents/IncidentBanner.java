package dev.pledge.server.incidents;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.studio.StudioPageModel;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The in-app half of the people's notice (B-36): a signed-in studio user who was told of a breach
 * sees it at the top of every studio page while the incident is open, and for 30 days after.
 */
@Component
class IncidentBanner implements StudioPageModel {

  static final Duration SHOWN_FOR = Duration.ofDays(30);

  private final CurrentAccount current;
  private final Incidents incidents;
  private final Clock clock;

  IncidentBanner(CurrentAccount current, Incidents incidents, Clock clock) {
    this.current = current;
    this.incidents = incidents;
    this.clock = clock;
  }

  /** What the banner shows of one incident. */
  record Notice(String id, String title) {}

  @Override
  public void addTo(HttpServletRequest request, Map<String, Object> model) {
    List<Notice> notices =
        current
            .id()
            .map(
                id ->
                    incidents.toldTo(id, clock.instant().minus(SHOWN_FOR)).stream()
                        .map(i -> new Notice(i.id(), i.title()))
                        .toList())
            .orElse(List.of());
    model.put("breachNotices", notices);
  }
}
