package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioNotFound;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The account signed in on the current studio request: what every studio module scopes its queries
 * by (B-14). Only a full sign-in counts — not someone still owing their second factor, nor one
 * signed in to a deleted account to restore it.
 */
@Component
public class CurrentAccount {

  private final AccountRecords accounts;

  CurrentAccount(AccountRecords accounts) {
    this.accounts = accounts;
  }

  /** The signed-in account's id, or empty. */
  public Optional<String> id() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth instanceof StudioAuthentication a && a.signedIn()) {
      return Optional.of(a.accountId());
    }
    return Optional.empty();
  }

  /**
   * The signed-in account's id; a studio page behind sign-in always has one, so its absence is
   * answered like any other id that is not the reader's: not found.
   */
  public String requireId() {
    return id().orElseThrow(StudioNotFound::new);
  }

  /** The signed-in account, or empty. */
  public Optional<StudioAccount> get() {
    return id().flatMap(accounts::byId);
  }

  /** The signed-in account; not found when there is none. */
  public StudioAccount require() {
    return get().orElseThrow(StudioNotFound::new);
  }
}
