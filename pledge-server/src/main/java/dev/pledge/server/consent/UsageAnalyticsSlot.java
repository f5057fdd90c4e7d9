package dev.pledge.server.consent;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.analytics.PageAnalytics;
import dev.pledge.server.rights.ProcessingPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioPageModel;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The studio's own usage analytics (B-08, B-22): the same first-party, cookieless tracker and
 * anonymising pipeline as the reference site's page analytics (no account id, no IP address, a
 * daily salt). Every studio page names it in a {@code <meta name="pledge-usage-analytics">}; the
 * banner's script loads it only while the performance category is accepted. For a signed-in person
 * who objected to analytics the page does not name it at all.
 */
@Component
class UsageAnalyticsSlot implements StudioPageModel {

  static final String ATTRIBUTE = "usageTracker";

  private final Studio studio;
  private final CurrentAccount current;
  private final ProcessingRestrictions restrictions;

  UsageAnalyticsSlot(Studio studio, CurrentAccount current, ProcessingRestrictions restrictions) {
    this.studio = studio;
    this.current = current;
    this.restrictions = restrictions;
  }

  @Override
  public void addTo(HttpServletRequest request, Map<String, Object> model) {
    String domain = PageAnalytics.trackedDomain(studio.property()).orElse(null);
    String account = current.id().orElse(null);
    if (domain != null && restrictions.permits(studio.id(), account, ProcessingPurpose.ANALYTICS)) {
      model.put(ATTRIBUTE, domain);
    }
  }
}
