package dev.pledge.server.devapi;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.accounts.StudioAccounts;
import java.util.EnumSet;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * A ready API key for the demo's studio user ({@code pledge demo} only), for the launcher to print.
 * Only hashes are kept, so each start makes a new key and revokes the one before.
 */
@Component
public class DemoApiKey {

  static final String NAME = "demo (printed by pledge demo)";

  private final PledgeSettings settings;
  private final StudioAccounts accounts;
  private final ApiKeys keys;

  DemoApiKey(PledgeSettings settings, StudioAccounts accounts, ApiKeys keys) {
    this.settings = settings;
    this.accounts = accounts;
    this.keys = keys;
  }

  /** A new key with every scope for the demo user, when this is the demo and the user exists. */
  public Optional<String> issue() {
    if (!settings.demo()) {
      return Optional.empty();
    }
    return accounts
        .activeByUsername("dana")
        .map(
            dana -> {
              keys.of(dana.id()).stream()
                  .filter(k -> NAME.equals(k.name()) && k.revokedAt() == null)
                  .forEach(k -> keys.revoke(dana.id(), k.id()));
              return keys.create(dana.id(), null, NAME, EnumSet.allOf(ApiKeys.Scope.class), null)
                  .secret();
            });
  }
}
