package dev.pledge.server.accounts;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.studio.Studio;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deleting an account and taking it back (B-16): deletion closes the account at once — signed out
 * everywhere, its teams handed to a teammate, nobody sees it — and keeps its data for the period
 * the policy gives account data after deletion (90 days), during which its owner can sign in and
 * restore it; then retention erases it. Both are one transaction with the event other modules react
 * to.
 */
@Service
class AccountDeletion {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AccountRecords accounts;
  private final Teams teams;
  private final Sessions sessions;
  private final AccountMail mail;
  private final Studio studio;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  AccountDeletion(
      JdbcClient jdbc,
      TransactionTemplate tx,
      AccountRecords accounts,
      Teams teams,
      Sessions sessions,
      AccountMail mail,
      Studio studio,
      ApplicationEventPublisher events,
      Clock clock) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.accounts = accounts;
    this.teams = teams;
    this.sessions = sessions;
    this.mail = mail;
    this.studio = studio;
    this.events = events;
    this.clock = clock;
  }

  /** When an account deleted at {@code deletedAt} is erased, by the policy's identity rule. */
  Instant erasedAfter(Instant deletedAt) {
    PolicyDuration keep =
        studio
            .policy()
            .category(AccountStores.IDENTITY)
            .map(DataCategory::retention)
            .map(r -> r.period())
            .filter(p -> p.kind() == RetentionPeriod.Kind.FIXED)
            .map(RetentionPeriod::fixed)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the studio's policy gives account identity no fixed retention period"));
    return keep.addTo(LocalDateTime.ofInstant(deletedAt, ZoneOffset.UTC)).toInstant(ZoneOffset.UTC);
  }

  /** Deletes the account: returns when it will be erased. */
  Instant delete(StudioAccount a, Locale locale) {
    Instant now = clock.instant();
    Instant erased = erasedAfter(now);
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("update studio_account set deleted_at = :now where account_id = :id")
              .param("now", Timestamp.from(now))
              .param("id", a.id())
              .update();
          accounts.setStatus(a.id(), AccountStatus.DELETED, now);
          teams.handOverOwnedTeams(a.id());
          sessions.revokeAll(a.id());
          mail.accountDeleted(a, locale, erased);
          events.publishEvent(new AccountDeleted(a.id(), now, erased));
        });
    log.info("Studio account {} deleted; erased after {}", a.id(), erased);
    return erased;
  }

  /**
   * Takes a deleted account back, if its time has not run out; true when it did. The account is in
   * use again; teams it handed over stay with their new owners.
   */
  boolean restore(String accountId) {
    Instant now = clock.instant();
    Boolean restored =
        tx.execute(
            t -> {
              StudioAccount a = accounts.byId(accountId).orElse(null);
              if (a == null
                  || a.status() != AccountStatus.DELETED
                  || a.deletedAt() == null
                  || !erasedAfter(a.deletedAt()).isAfter(now)) {
                return false;
              }
              jdbc.sql("update studio_account set deleted_at = null where account_id = :id")
                  .param("id", accountId)
                  .update();
              accounts.setStatus(accountId, AccountStatus.ACTIVE, now);
              events.publishEvent(new AccountRestored(accountId));
              return true;
            });
    if (Boolean.TRUE.equals(restored)) {
      log.info("Studio account {} restored", accountId);
    }
    return Boolean.TRUE.equals(restored);
  }
}
