package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.WithRunningServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The self-service entry point a signed-in account's dashboard calls (issue 6 intake, B-28): a
 * recent second factor opens the request verified; an old or missing one is refused with the
 * reason.
 */
@WithRunningServer
class SelfServiceRequestsTest {

  static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

  @Autowired SelfServiceRequests selfService;
  @Autowired RightsRequests requests;
  @Autowired ProcessingRestrictions gate;

  @Test
  @DisplayName(
      "B-27 B-28 a second factor confirmed within the window opens the request verified, ready to"
          + " apply")
  void recentSecondFactorVerifies() {
    String account = "acct-" + System.nanoTime();
    assertThat(selfService.window()).isEqualTo(Duration.ofMinutes(15));
    RightsRequest r =
        selfService.openVerifiedForAccount(
            "image-studio",
            account,
            RightsRequestKind.RESTRICTION,
            null,
            "gdpr",
            NOW.minus(Duration.ofMinutes(14)),
            NOW);
    assertThat(r.status()).isEqualTo(RightsRequestStatus.VERIFIED);
    assertThat(r.channel()).isEqualTo(RequestChannel.ACCOUNT);
    assertThat(r.subjectId()).isEqualTo(account);
    assertThat(r.requesterAddress()).isNull();
    assertThat(requests.history(r.reference()))
        .anySatisfy(e -> assertThat(e.note()).contains("second factor confirmed"));

    gate.apply(r.reference(), "operator:test");
    assertThat(gate.permits("image-studio", account, ProcessingPurpose.EDITING)).isFalse();
    gate.lift(r.reference(), "test over", "operator:test");

    RightsRequest objection =
        selfService.openVerifiedForAccount(
            "image-studio",
            account,
            RightsRequestKind.OBJECTION,
            ObjectionPurpose.MODEL_TRAINING,
            null,
            NOW,
            NOW);
    assertThat(objection.purpose()).isEqualTo(ObjectionPurpose.MODEL_TRAINING);
    assertThat(objection.status()).isEqualTo(RightsRequestStatus.VERIFIED);
  }

  @Test
  @DisplayName(
      "B-28 an old, missing or future second factor is refused with the reason; a kind the policy"
          + " does not grant is refused")
  void refusals() {
    String account = "acct-" + System.nanoTime();
    assertThatThrownBy(
            () ->
                selfService.openVerifiedForAccount(
                    "image-studio",
                    account,
                    RightsRequestKind.ERASURE,
                    null,
                    null,
                    NOW.minus(Duration.ofMinutes(16)),
                    NOW))
        .isInstanceOf(SelfServiceRequests.SecondFactorRequired.class)
        .hasMessageContaining("16 minutes ago")
        .hasMessageContaining("confirm it again");
    assertThatThrownBy(
            () ->
                selfService.openVerifiedForAccount(
                    "image-studio", account, RightsRequestKind.ERASURE, null, null, null, NOW))
        .isInstanceOf(SelfServiceRequests.SecondFactorRequired.class)
        .hasMessageContaining("confirm your second factor");
    assertThatThrownBy(
            () ->
                selfService.openVerifiedForAccount(
                    "image-studio",
                    account,
                    RightsRequestKind.ERASURE,
                    null,
                    null,
                    NOW.plusSeconds(60),
                    NOW))
        .isInstanceOf(SelfServiceRequests.SecondFactorRequired.class)
        .hasMessageContaining("future");
    assertThatThrownBy(
            () ->
                selfService.openVerifiedForAccount(
                    "reference-site", account, RightsRequestKind.RESTRICTION, null, null, NOW, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("grants no restriction right");
    assertThatThrownBy(
            () ->
                selfService.openVerifiedForAccount(
                    "image-studio", " ", RightsRequestKind.ACCESS, null, null, NOW, NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("account's id");
    assertThat(requests.list(null, 500)).noneMatch(r -> account.equals(r.subjectId()));
  }
}
