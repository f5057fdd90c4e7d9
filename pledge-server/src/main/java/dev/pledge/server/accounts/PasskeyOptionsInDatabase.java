package dev.pledge.server.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pledge.server.shared.SessionTable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorAttachment;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;
import org.springframework.stereotype.Component;

/**
 * The options of a passkey being registered, kept in {@code studio_passkey_options} between the two
 * requests of the ceremony, so that the second may reach another instance than the first. The row
 * is keyed by the SHA-256 of the session id (as {@code studio_session} is: a copy of the table
 * names no session) and is good for the five minutes the ceremony may take; an expired row is
 * deleted when it is looked up, by the studio's ten-minute session clean-up and by the retention
 * sweep ({@code user.account.passkey_registrations}).
 *
 * <p>Spring Security's Jackson module writes these options for the browser but cannot read them
 * back (no creators), so the row holds a small JSON of what the second request checks: the relying
 * party, the challenge, the user handle, the algorithms and the authenticator selection. The
 * person's names and their other credentials (what the browser showed) are not copied: the names
 * are read again from the account by the user handle.
 */
@Component
class PasskeyOptionsInDatabase implements PublicKeyCredentialCreationOptionsRepository {

  /** As long as Spring Security gives the browser for the ceremony (the options' timeout). */
  static final Duration KEPT = Duration.ofMinutes(5);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcClient jdbc;
  private final Clock clock;
  private final PasskeyUsers users;

  PasskeyOptionsInDatabase(JdbcClient jdbc, Clock clock, PasskeyUsers users) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.users = users;
  }

  @Override
  public void save(
      HttpServletRequest request,
      HttpServletResponse response,
      PublicKeyCredentialCreationOptions options) {
    byte[] session = SessionTable.hash(request.getSession(true).getId());
    if (options == null) {
      jdbc.sql("delete from studio_passkey_options where session_hash = :s")
          .param("s", session)
          .update();
      return;
    }
    Optional<String> account = users.accountOf(options.getUser().getId());
    if (account.isEmpty()) {
      // Not a studio person's user handle: nothing can be registered with these options.
      return;
    }
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into studio_passkey_options (session_hash, account_id, options, created_at,
              expires_at)
            values (:s, :a, :o, :now, :expires)
            on conflict (session_hash) do update set account_id = excluded.account_id,
              options = excluded.options, created_at = excluded.created_at,
              expires_at = excluded.expires_at
            """)
        .param("s", session)
        .param("a", account.get())
        .param("o", write(options))
        .param("now", Timestamp.from(now))
        .param("expires", Timestamp.from(now.plus(KEPT)))
        .update();
  }

  @Override
  public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
    var session = request.getSession(false);
    if (session == null) {
      return null;
    }
    byte[] hash = SessionTable.hash(session.getId());
    record Row(String options, Instant expires) {}
    Optional<Row> row =
        jdbc.sql("select options, expires_at from studio_passkey_options where session_hash = :s")
            .param("s", hash)
            .query((rs, i) -> new Row(rs.getString(1), rs.getTimestamp(2).toInstant()))
            .optional();
    if (row.isEmpty()) {
      return null;
    }
    if (!row.get().expires().isAfter(clock.instant())) {
      jdbc.sql("delete from studio_passkey_options where session_hash = :s")
          .param("s", hash)
          .update();
      return null;
    }
    return read(row.get().options());
  }

  /** Deletes the options of ceremonies that can no longer finish; returns how many. */
  int deleteExpired() {
    return jdbc.sql("delete from studio_passkey_options where expires_at <= :now")
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  private static String write(PublicKeyCredentialCreationOptions options) {
    ObjectNode o = JSON.createObjectNode();
    o.putObject("rp").put("id", options.getRp().getId()).put("name", options.getRp().getName());
    o.put("user", options.getUser().getId().toBase64UrlString());
    o.put("challenge", options.getChallenge().toBase64UrlString());
    var algorithms = o.putArray("algorithms");
    options.getPubKeyCredParams().forEach(p -> algorithms.add(p.getAlg().getValue()));
    if (options.getTimeout() != null) {
      o.put("timeoutMillis", options.getTimeout().toMillis());
    }
    AuthenticatorSelectionCriteria selection = options.getAuthenticatorSelection();
    if (selection != null) {
      ObjectNode s = o.putObject("selection");
      if (selection.getAuthenticatorAttachment() != null) {
        s.put("attachment", selection.getAuthenticatorAttachment().getValue());
      }
      if (selection.getResidentKey() != null) {
        s.put("residentKey", selection.getResidentKey().getValue());
      }
      if (selection.getUserVerification() != null) {
        s.put("userVerification", selection.getUserVerification().getValue());
      }
    }
    if (options.getAttestation() != null) {
      o.put("attestation", options.getAttestation().getValue());
    }
    return o.toString();
  }

  /** The options again; null if the account behind the user handle is gone meanwhile. */
  private PublicKeyCredentialCreationOptions read(String text) {
    JsonNode o;
    try {
      o = JSON.readTree(text);
    } catch (IOException e) {
      return null; // written by an incompatible version: the person starts the ceremony again
    }
    PublicKeyCredentialUserEntity user = users.findById(Bytes.fromBase64(o.path("user").asText()));
    if (user == null) {
      return null;
    }
    List<PublicKeyCredentialParameters> algorithms = new ArrayList<>();
    o.path("algorithms").forEach(a -> algorithm(a.asLong()).ifPresent(algorithms::add));
    var b =
        PublicKeyCredentialCreationOptions.builder()
            .rp(
                PublicKeyCredentialRpEntity.builder()
                    .id(o.path("rp").path("id").asText())
                    .name(o.path("rp").path("name").asText())
                    .build())
            .user(user)
            .challenge(Bytes.fromBase64(o.path("challenge").asText()))
            .pubKeyCredParams(algorithms);
    if (o.has("timeoutMillis")) {
      b.timeout(Duration.ofMillis(o.get("timeoutMillis").asLong()));
    }
    if (o.has("selection")) {
      JsonNode s = o.get("selection");
      var selection = AuthenticatorSelectionCriteria.builder();
      if (s.has("attachment")) {
        selection.authenticatorAttachment(
            AuthenticatorAttachment.valueOf(s.get("attachment").asText()));
      }
      if (s.has("residentKey")) {
        selection.residentKey(ResidentKeyRequirement.valueOf(s.get("residentKey").asText()));
      }
      if (s.has("userVerification")) {
        selection.userVerification(userVerification(s.get("userVerification").asText()));
      }
      b.authenticatorSelection(selection.build());
    }
    if (o.has("attestation")) {
      b.attestation(AttestationConveyancePreference.valueOf(o.get("attestation").asText()));
    }
    return b.build();
  }

  private static Optional<PublicKeyCredentialParameters> algorithm(long value) {
    return Stream.of(
            PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256,
            PublicKeyCredentialParameters.ES384,
            PublicKeyCredentialParameters.ES512,
            PublicKeyCredentialParameters.RS256,
            PublicKeyCredentialParameters.RS384,
            PublicKeyCredentialParameters.RS512,
            PublicKeyCredentialParameters.RS1)
        .filter(p -> p.getAlg().getValue() == value)
        .findFirst();
  }

  private static UserVerificationRequirement userVerification(String value) {
    return Stream.of(
            UserVerificationRequirement.REQUIRED,
            UserVerificationRequirement.PREFERRED,
            UserVerificationRequirement.DISCOURAGED)
        .filter(u -> u.getValue().equals(value))
        .findFirst()
        .orElse(UserVerificationRequirement.REQUIRED); // unknown: the strictest
  }
}
