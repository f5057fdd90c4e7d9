package dev.pledge.server.accounts;

import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every table of the accounts module, registered with the engine under the policy's categories:
 * identity, credentials, plan and status, preferences, company details and teams are kept while the
 * account is active and for the category's period after its deletion (B-16); sessions (device and
 * network) 90 days from when they began. Erasure, access export and rectification find the person
 * by {@code account_id}; passkey registrations in progress are kept five minutes. When the account
 * table loses an account, {@link AccountErased} is published and the person's keyset destroyed.
 */
@Component
class AccountStores implements RetentionStores, DeclaredTables {

  private static final Logger log = LoggerFactory.getLogger(AccountStores.class);

  static final String IDENTITY = "user.account.identity";
  static final String CREDENTIALS = "user.account.credentials";
  static final String SUBSCRIPTION = "user.account.subscription";
  static final String PREFERENCES = "user.account.preferences";
  static final String COMPANY = "user.account.company";
  static final String SHARING = "user.content.sharing";
  static final String DEVICE = "user.device.technical";
  static final String PASSKEY_REGISTRATIONS = "user.account.passkey_registrations";

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ApplicationEventPublisher events;
  private final PersonalKeys keys;

  AccountStores(
      Studio studio,
      JdbcClient jdbc,
      TransactionTemplate tx,
      ApplicationEventPublisher events,
      PersonalKeys keys) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.events = events;
    this.keys = keys;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> stores = new ArrayList<>();
    add(
        stores,
        IDENTITY,
        b ->
            b.name("studio.accounts")
                .table("studio_account")
                .correctable("name", "email")
                .onErased(this::erased));
    add(
        stores,
        IDENTITY,
        b -> b.name("studio.guardians").table("studio_guardian").correctable("parent_email"));
    add(stores, SUBSCRIPTION, b -> b.name("studio.subscriptions").table("studio_subscription"));
    add(
        stores,
        CREDENTIALS,
        b ->
            b.name("studio.credentials")
                .table("studio_credential")
                .withheld("password_hash", "totp_secret"));
    add(
        stores,
        CREDENTIALS,
        b -> b.name("studio.recovery-codes").table("studio_recovery_code").withheld("code_hash"));
    add(
        stores,
        CREDENTIALS,
        b -> b.name("studio.links").table("studio_token").withheld("token_hash"));
    add(stores, CREDENTIALS, b -> b.name("studio.passkey-users").table("studio_passkey_user"));
    add(stores, CREDENTIALS, b -> b.name("studio.passkeys").table("studio_passkey"));
    add(stores, PREFERENCES, b -> b.name("studio.preferences").table("studio_preference"));
    add(
        stores,
        COMPANY,
        b ->
            b.name("studio.companies")
                .table("studio_company")
                .correctable("company_name", "business_address"));
    add(stores, SHARING, b -> b.name("studio.teams").table("studio_team").correctable("name"));
    add(stores, SHARING, b -> b.name("studio.team-members").table("studio_team_member"));
    add(stores, SHARING, b -> b.name("studio.team-invites").table("studio_team_invite"));
    if (studio.policy().category(DEVICE).isPresent()) {
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("studio.sessions")
              .holds(studio.property().id(), DEVICE)
              .table("studio_session", "created_at")
              .subjectColumn("account_id")
              .build());
    }
    if (studio.policy().category(PASSKEY_REGISTRATIONS).isPresent()) {
      // Useless after five minutes (PasskeyOptionsInDatabase.KEPT) and deleted then when looked up
      // or by the ten-minute session clean-up; the sweep enforces the policy's period as well.
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("studio.passkey-registrations")
              .holds(studio.property().id(), PASSKEY_REGISTRATIONS)
              .table("studio_passkey_options", "created_at")
              .subjectColumn("account_id")
              .build());
    }
    return stores;
  }

  private void add(
      List<RetentionStore> stores,
      String category,
      java.util.function.UnaryOperator<AccountDataStore.Builder> spec) {
    if (studio.policy().category(category).isEmpty()) {
      return; // a policy that does not collect it: nothing to register, and verify says so
    }
    stores.add(
        spec.apply(AccountDataStore.builder(jdbc, tx).holds(studio.property().id(), category))
            .build());
  }

  /** The account's identity is gone: tell the modules, and destroy the person's keyset. */
  private void erased(String accountId) {
    tx.executeWithoutResult(t -> keys.destroy(studio.id(), accountId));
    log.info("A studio account was erased; its keyset destroyed"); // never its id: B-15 logs
    events.publishEvent(new AccountErased(accountId));
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "studio_age_refusal",
        "how many sign-ups were refused each day for being under the minimum age; nothing about"
            + " the people (B-33)",
        "studio_throttle",
        "failed sign-ins counted per salted hash of a login, client address or account id, so"
            + " that instances share the limits on guessing; deleted at the next sign-in after"
            + " twice its window, never looked up by person",
        "studio_throttle_salt",
        "the one random salt of those hashes");
  }
}
