package dev.pledge.server.accounts;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.stereotype.Component;

/**
 * The WebAuthn user entities of Spring Security's passkey support, in {@code studio_passkey_user}.
 * Spring Security looks a person up by the signed-in "user name", which in the studio is the
 * account id; the entity it gets back carries the person's username and name, which is what their
 * authenticator shows. The user handle is 64 random bytes, never the account id: an authenticator
 * learns nothing it could link elsewhere.
 */
@Component
class PasskeyUsers implements PublicKeyCredentialUserEntityRepository {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcClient jdbc;
  private final AccountRecords accounts;
  private final Clock clock;

  PasskeyUsers(JdbcClient jdbc, AccountRecords accounts, Clock clock) {
    this.jdbc = jdbc;
    this.accounts = accounts;
    this.clock = clock;
  }

  /** The account a user handle belongs to. */
  Optional<String> accountOf(Bytes userHandle) {
    return jdbc.sql("select account_id from studio_passkey_user where user_handle = :h")
        .param("h", userHandle.getBytes())
        .query(String.class)
        .optional();
  }

  @Override
  public PublicKeyCredentialUserEntity findById(Bytes id) {
    return accountOf(id).flatMap(a -> entity(a, id)).orElse(null);
  }

  /** {@code username} is the account id (the studio's authentication name). */
  @Override
  public PublicKeyCredentialUserEntity findByUsername(String accountId) {
    if (!AccountRecords.isUuid(accountId) || accounts.byId(accountId).isEmpty()) {
      return null;
    }
    Optional<byte[]> handle =
        jdbc.sql("select user_handle from studio_passkey_user where account_id = :a")
            .param("a", accountId)
            .query(byte[].class)
            .optional();
    if (handle.isEmpty()) {
      // Made here rather than by Spring Security, so the entity it sends carries real names.
      byte[] fresh = new byte[64];
      RANDOM.nextBytes(fresh);
      jdbc.sql(
              """
              insert into studio_passkey_user (account_id, user_handle, created_at)
              values (:a, :h, :now) on conflict (account_id) do nothing
              """)
          .param("a", accountId)
          .param("h", fresh)
          .param("now", Timestamp.from(clock.instant()))
          .update();
      return findByUsername(accountId);
    }
    return entity(accountId, new Bytes(handle.get())).orElse(null);
  }

  private Optional<PublicKeyCredentialUserEntity> entity(String accountId, Bytes handle) {
    return accounts
        .byId(accountId)
        .map(
            a ->
                ImmutablePublicKeyCredentialUserEntity.builder()
                    .id(handle)
                    .name(a.username())
                    .displayName(a.name())
                    .build());
  }

  @Override
  public void save(PublicKeyCredentialUserEntity entity) {
    // Entities are made by findByUsername; Spring Security saves one only when that found none.
  }

  @Override
  public void delete(Bytes id) {
    jdbc.sql("delete from studio_passkey_user where user_handle = :h")
        .param("h", id.getBytes())
        .update();
  }
}
