package dev.pledge.server.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AuthenticatorTransport;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutableCredentialRecord;
import org.springframework.security.web.webauthn.api.ImmutablePublicKeyCose;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialType;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Component;

/**
 * The passkeys (WebAuthn credential records) of Spring Security's passkey support, in {@code
 * studio_passkey}: each row names its account, so erasure and export find it.
 */
@Component
class PasskeyCredentials implements UserCredentialRepository {

  private final JdbcClient jdbc;
  private final PasskeyUsers users;
  private final Clock clock;

  PasskeyCredentials(JdbcClient jdbc, PasskeyUsers users, Clock clock) {
    this.jdbc = jdbc;
    this.users = users;
    this.clock = clock;
  }

  @Override
  public void delete(Bytes credentialId) {
    jdbc.sql("delete from studio_passkey where credential_id = :c")
        .param("c", credentialId.getBytes())
        .update();
  }

  @Override
  public void save(CredentialRecord r) {
    String account = users.accountOf(r.getUserEntityUserId()).orElse(null);
    if (account == null) {
      throw new IllegalStateException("a passkey for a user handle that belongs to no account");
    }
    String transports =
        r.getTransports() == null
            ? ""
            : r.getTransports().stream()
                .map(AuthenticatorTransport::getValue)
                .collect(Collectors.joining(","));
    jdbc.sql(
            """
            insert into studio_passkey (credential_id, account_id, user_handle, public_key,
              signature_count, uv_initialized, backup_eligible, backup_state, transports,
              credential_type, attestation_object, attestation_client_data_json, label,
              created_at, last_used_at)
            values (:id, :account, :handle, :key, :count, :uv, :be, :bs, :transports, :type,
              :attestation, :client, :label, :created, :used)
            on conflict (credential_id) do update set signature_count = excluded.signature_count,
              uv_initialized = excluded.uv_initialized, backup_state = excluded.backup_state,
              last_used_at = excluded.last_used_at, label = excluded.label
            """)
        .param("id", r.getCredentialId().getBytes())
        .param("account", account)
        .param("handle", r.getUserEntityUserId().getBytes())
        .param("key", r.getPublicKey().getBytes())
        .param("count", r.getSignatureCount())
        .param("uv", r.isUvInitialized())
        .param("be", r.isBackupEligible())
        .param("bs", r.isBackupState())
        .param("transports", transports)
        .param(
            "type",
            r.getCredentialType() == null
                ? PublicKeyCredentialType.PUBLIC_KEY.getValue()
                : r.getCredentialType().getValue())
        .param(
            "attestation",
            r.getAttestationObject() == null ? null : r.getAttestationObject().getBytes())
        .param(
            "client",
            r.getAttestationClientDataJSON() == null
                ? null
                : r.getAttestationClientDataJSON().getBytes())
        .param("label", label(r.getLabel()))
        .param("created", Timestamp.from(r.getCreated() == null ? clock.instant() : r.getCreated()))
        .param("used", r.getLastUsed() == null ? null : Timestamp.from(r.getLastUsed()))
        .update();
  }

  /** A passkey's name as the person typed it, within bounds. */
  private static String label(String label) {
    String l = label == null ? "" : label.strip().replaceAll("\\p{Cntrl}", "");
    if (l.isEmpty()) {
      return "Passkey";
    }
    return l.codePointCount(0, l.length()) > 60 ? l.substring(0, l.offsetByCodePoints(0, 60)) : l;
  }

  @Override
  public CredentialRecord findByCredentialId(Bytes credentialId) {
    return jdbc.sql("select * from studio_passkey where credential_id = :c")
        .param("c", credentialId.getBytes())
        .query(PasskeyCredentials::record)
        .optional()
        .orElse(null);
  }

  @Override
  public List<CredentialRecord> findByUserId(Bytes userId) {
    return jdbc.sql("select * from studio_passkey where user_handle = :h order by created_at")
        .param("h", userId.getBytes())
        .query(PasskeyCredentials::record)
        .list();
  }

  private static CredentialRecord record(ResultSet rs, int i) throws SQLException {
    Set<AuthenticatorTransport> transports = new LinkedHashSet<>();
    String t = rs.getString("transports");
    if (t != null && !t.isBlank()) {
      Arrays.stream(t.split(",")).map(AuthenticatorTransport::valueOf).forEach(transports::add);
    }
    byte[] attestation = rs.getBytes("attestation_object");
    byte[] client = rs.getBytes("attestation_client_data_json");
    Timestamp used = rs.getTimestamp("last_used_at");
    return ImmutableCredentialRecord.builder()
        .credentialType(PublicKeyCredentialType.valueOf(rs.getString("credential_type")))
        .credentialId(new Bytes(rs.getBytes("credential_id")))
        .userEntityUserId(new Bytes(rs.getBytes("user_handle")))
        .publicKey(new ImmutablePublicKeyCose(rs.getBytes("public_key")))
        .signatureCount(rs.getLong("signature_count"))
        .uvInitialized(rs.getBoolean("uv_initialized"))
        .backupEligible(rs.getBoolean("backup_eligible"))
        .backupState(rs.getBoolean("backup_state"))
        .transports(transports)
        .attestationObject(attestation == null ? null : new Bytes(attestation))
        .attestationClientDataJSON(client == null ? null : new Bytes(client))
        .created(rs.getTimestamp("created_at").toInstant())
        .lastUsed(used == null ? null : used.toInstant())
        .label(rs.getString("label"))
        .build();
  }
}
