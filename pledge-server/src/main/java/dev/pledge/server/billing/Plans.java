package dev.pledge.server.billing;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.studio.Studio;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The studio's plans (B-04, B-07), from {@code pledge.studio.plans.*}: what each costs and allows —
 * monthly credits, upload size and pixels, API rate and concurrent jobs, and the range of image
 * retention a person may choose. Checked against the policy at start-up. Other modules ask {@link
 * #of} for the plan an account is on now.
 */
@Component
public class Plans {

  private final PlanCatalog catalog;
  private final Subscriptions subscriptions;
  private final PledgeSettings settings;

  Plans(PlanSettings plans, Studio studio, Subscriptions subscriptions, PledgeSettings settings) {
    this.catalog = PlanCatalog.of(plans, studio.policy());
    this.subscriptions = subscriptions;
    this.settings = settings;
  }

  /**
   * The plan {@code accountId} is on now: the free plan until the account chose another (or for an
   * id no account has). A downgrade or cancellation takes effect at the end of the period it was
   * asked in, so until then this is still the plan paid for.
   */
  public Plan of(String accountId) {
    return subscriptions
        .find(accountId)
        .flatMap(s -> catalog.plan(s.planId()))
        .orElseGet(catalog::free);
  }

  /** Every plan, cheapest first. */
  public List<Plan> all() {
    return catalog.plans();
  }

  public Optional<Plan> byId(String planId) {
    return catalog.plan(planId);
  }

  /** The plan every account starts on. */
  public Plan free() {
    return catalog.free();
  }

  List<CreditPack> packs() {
    return catalog.packs();
  }

  Optional<CreditPack> pack(String id) {
    return catalog.pack(id);
  }

  /**
   * A plan accounts are on must still be configured: otherwise they would silently fall back to the
   * free plan. Refuses to start, naming the plan.
   */
  @EventListener(ApplicationStartedEvent.class)
  void plansInUseExist() {
    if (settings.maintenance()) {
      return;
    }
    for (String id : subscriptions.plansInUse()) {
      if (catalog.plan(id).isEmpty()) {
        throw new IllegalStateException(
            "Accounts are on the plan '"
                + id
                + "', which pledge.studio.plans no longer has: configure it again, or move"
                + " those accounts to another plan first");
      }
    }
  }
}
