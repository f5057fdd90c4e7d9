package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.shared.SessionTable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.web.webauthn.api.AttestationConveyancePreference;
import org.springframework.security.web.webauthn.api.AuthenticatorSelectionCriteria;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialParameters;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.ResidentKeyRequirement;
import org.springframework.security.web.webauthn.api.UserVerificationRequirement;

/**
 * The passkey registration options in {@code studio_passkey_options}: what one repository saves,
 * another (another instance's) loads; the row never holds the session id or the person's names;
 * after the five minutes of the ceremony they are gone.
 */
@WithRunningServer
class PasskeyOptionsInDatabaseTest {

  @Autowired PasskeyOptionsInDatabase saved;
  @Autowired PasskeyUsers users;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void clockBack() {
    TestClock.reset();
  }

  @Test
  @DisplayName(
      "B-07 registration options saved by one instance load on another, and the row holds the"
          + " session id's hash, never the id, the e-mail address or the name")
  void savedOnOneLoadedOnAnother() {
    String account = account("Ada");
    String session = StudioSessionRepository.newId();
    PublicKeyCredentialCreationOptions options = options(account);
    saved.save(request(session), new MockHttpServletResponse(), options);

    PasskeyOptionsInDatabase other = new PasskeyOptionsInDatabase(jdbc, TestClock.get(), users);
    PublicKeyCredentialCreationOptions loaded = other.load(request(session));
    assertThat(loaded).isNotNull();
    assertThat(loaded.getChallenge()).isEqualTo(options.getChallenge());
    assertThat(loaded.getRp().getId()).isEqualTo("localhost");
    assertThat(loaded.getRp().getName()).isEqualTo("Image Studio");
    assertThat(loaded.getUser().getId()).isEqualTo(options.getUser().getId());
    assertThat(loaded.getUser().getDisplayName()).isEqualTo("Ada Tester");
    assertThat(loaded.getPubKeyCredParams())
        .containsExactly(
            PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256,
            PublicKeyCredentialParameters.RS256);
    assertThat(loaded.getTimeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(loaded.getAuthenticatorSelection().getUserVerification())
        .isEqualTo(UserVerificationRequirement.PREFERRED);
    assertThat(loaded.getAuthenticatorSelection().getResidentKey())
        .isEqualTo(ResidentKeyRequirement.REQUIRED);
    assertThat(loaded.getAttestation()).isEqualTo(AttestationConveyancePreference.NONE);
    assertThat(other.load(request(StudioSessionRepository.newId())))
        .as("another session's request")
        .isNull();

    String row =
        jdbc.sql("select t::text from studio_passkey_options t where account_id = :a")
            .param("a", account)
            .query(String.class)
            .single();
    String email =
        jdbc.sql("select email from studio_account where account_id = :a")
            .param("a", account)
            .query(String.class)
            .single();
    assertThat(row)
        .doesNotContain(session)
        .doesNotContain(HexFormat.of().formatHex(session.getBytes(StandardCharsets.US_ASCII)))
        .doesNotContain(email)
        .doesNotContain("Ada Tester")
        .contains(HexFormat.of().formatHex(SessionTable.hash(session)));

    saved.save(request(session), new MockHttpServletResponse(), null);
    assertThat(other.load(request(session))).as("removed once used").isNull();
  }

  @Test
  @DisplayName(
      "B-07 registration options expire after five minutes: not loaded then, and deleted on load"
          + " and by the clean-up")
  void optionsExpire() {
    String account = account("Bea");
    String first = StudioSessionRepository.newId();
    String second = StudioSessionRepository.newId();
    saved.save(request(first), new MockHttpServletResponse(), options(account));
    saved.save(request(second), new MockHttpServletResponse(), options(account));

    TestClock.advance(Duration.ofMinutes(4));
    assertThat(saved.load(request(first))).as("within the five minutes").isNotNull();
    assertThat(saved.deleteExpired()).isZero();

    TestClock.advance(Duration.ofMinutes(1));
    assertThat(saved.load(request(first))).as("after five minutes").isNull();
    assertThat(rows(account)).as("the expired row read is deleted").isEqualTo(1);
    assertThat(saved.deleteExpired()).isEqualTo(1);
    assertThat(rows(account)).isZero();
  }

  long rows(String account) {
    return jdbc.sql("select count(*) from studio_passkey_options where account_id = :a")
        .param("a", account)
        .query(Long.class)
        .single();
  }

  /** As Spring Security makes them for the account (Webauthn4JRelyingPartyOperations). */
  PublicKeyCredentialCreationOptions options(String account) {
    return PublicKeyCredentialCreationOptions.builder()
        .rp(PublicKeyCredentialRpEntity.builder().id("localhost").name("Image Studio").build())
        .user(users.findByUsername(account))
        .challenge(Bytes.random())
        .pubKeyCredParams(
            PublicKeyCredentialParameters.EdDSA,
            PublicKeyCredentialParameters.ES256,
            PublicKeyCredentialParameters.RS256)
        .timeout(Duration.ofMinutes(5))
        .authenticatorSelection(
            AuthenticatorSelectionCriteria.builder()
                .userVerification(UserVerificationRequirement.PREFERRED)
                .residentKey(ResidentKeyRequirement.REQUIRED)
                .build())
        .attestation(AttestationConveyancePreference.NONE)
        .build();
  }

  static MockHttpServletRequest request(String sessionId) {
    MockHttpServletRequest request = new MockHttpServletRequest();
    request.setSession(new MockHttpSession(null, sessionId));
    return request;
  }

  /** A new person's account id; named "{first} Tester". */
  String account(String first) {
    return StudioTestAccounts.create(jdbc, first, "en").id();
  }
}
