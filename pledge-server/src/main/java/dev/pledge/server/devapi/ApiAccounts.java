package dev.pledge.server.devapi;

import dev.pledge.server.accounts.AccountDeleted;
import dev.pledge.server.accounts.AccountErased;
import dev.pledge.server.accounts.AccountStatus;
import dev.pledge.server.accounts.StudioAccounts;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which accounts webhooks may still speak for. A deleted account (restorable, but no longer in use)
 * and an erased one get no events, and what was waiting for them is dropped when the account goes:
 * a deletion or erasure must not announce itself, image by image, to a third-party endpoint.
 */
@Component
class ApiAccounts {

  private final StudioAccounts accounts;
  private final JdbcClient jdbc;

  ApiAccounts(StudioAccounts accounts, JdbcClient jdbc) {
    this.accounts = accounts;
    this.jdbc = jdbc;
  }

  /** Whether the account exists and is not deleted. */
  boolean inUse(String account) {
    return accounts.byId(account).filter(a -> a.status() != AccountStatus.DELETED).isPresent();
  }

  @EventListener
  void deleted(AccountDeleted event) {
    dropPending(event.accountId());
  }

  @EventListener
  void erased(AccountErased event) {
    dropPending(event.accountId());
  }

  private void dropPending(String account) {
    jdbc.sql("delete from api_webhook_delivery where account_id = :a and state = 'pending'")
        .param("a", account)
        .update();
    jdbc.sql("update api_image_deleted set announced_at = deleted_at where account_id = :a")
        .param("a", account)
        .update();
  }
}
