package dev.pledge.server.accounts;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Lookups of studio accounts for other modules. */
@Service
public class StudioAccounts {

  private final AccountRecords accounts;
  private final AgeRulesOfStudio ages;
  private final Clock clock;

  StudioAccounts(AccountRecords accounts, AgeRulesOfStudio ages, Clock clock) {
    this.accounts = accounts;
    this.ages = ages;
    this.clock = clock;
  }

  /** The account with {@code accountId} (any status), or empty. */
  public Optional<StudioAccount> byId(String accountId) {
    return accounts.byId(accountId);
  }

  /** Every active account: for what every user must be told, such as a policy change (B-37). */
  public List<StudioAccount> active() {
    return accounts.active();
  }

  /** The active account with {@code username} (teammates find each other by it), or empty. */
  public Optional<StudioAccount> activeByUsername(String username) {
    if (username == null || username.indexOf('@') >= 0) {
      return Optional.empty();
    }
    return accounts.byLogin(username).filter(a -> a.status() == AccountStatus.ACTIVE);
  }

  /**
   * Whether the account belongs to a minor under the policy's enhanced protection: public sharing
   * and marketing stay off for them (B-33).
   */
  public boolean minor(String accountId) {
    LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
    return accounts
        .byId(accountId)
        .map(a -> ages.rules().minor(a.birthDate(), today))
        .orElse(false);
  }

  /** The account's interface language tag ({@code en}, {@code zh-CN}). */
  public Optional<String> language(String accountId) {
    return accounts.language(accountId);
  }
}
