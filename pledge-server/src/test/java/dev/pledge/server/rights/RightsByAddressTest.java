package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A restriction, an objection, an opt-out or a correction asked for by the address of a studio
 * account (the console API, the public form, a mail to the privacy address) reaches that account.
 * Before, it was recorded under the address, which the studio's checks — by account id — never
 * asked about, and a correction looked the address up in stores that find people by account id.
 */
@WithRunningServer
class RightsByAddressTest {

  static final String STUDIO = "image-studio";

  @Autowired RightsRequests requests;
  @Autowired ProcessingRestrictions gate;
  @Autowired SubjectRectifier rectifier;
  @Autowired JdbcClient jdbc;

  GreenMail mail = TestMailServer.greenMail();
  final List<String> opened = new ArrayList<>();

  // The mailbox is shared by the test JVM: a message left in it would be another test's request.
  @BeforeEach
  @AfterEach
  void emptyMailboxes() throws Exception {
    mail.purgeEmailFromAllMailboxes();
  }

  // Other tests expect no request past its deadline on the shared server.
  @AfterEach
  void closeRequests() {
    for (String reference : opened) {
      if (!requests.require(reference).status().closed()) {
        requests.changeStatus(reference, RightsRequestStatus.REJECTED, "test over", "test");
      }
    }
  }

  private RightsRequest byAddress(
      RightsRequestKind kind, ObjectionPurpose purpose, RequestChannel channel, String address) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(STUDIO, kind, purpose, channel, null, address, null, null, false),
            "test");
    opened.add(r.reference());
    return r;
  }

  /** Confirms the address through the e-mailed link's token. */
  private void verify(RightsRequest r) {
    assertThat(r.status()).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);
    assertThat(Confirmations.confirm(requests, STUDIO, r.reference())).isPresent();
  }

  @Test
  @DisplayName(
      "B-27 a restriction asked for by the address of a studio account stops every purpose for"
          + " that account in the studio's checks, and lifting it restores them")
  void restrictionByAddressReachesTheAccount() {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Restrained", "en");
    StudioTestAccounts.Account other = StudioTestAccounts.create(jdbc, "Bystander", "en");
    // Another letter case than at sign-up: addresses are matched case-insensitively.
    RightsRequest r =
        byAddress(
            RightsRequestKind.RESTRICTION,
            null,
            RequestChannel.FORM,
            a.email().toUpperCase(Locale.ROOT));
    verify(r);
    gate.apply(r.reference(), "operator:test");

    for (ProcessingPurpose p : ProcessingPurpose.values()) {
      assertThat(gate.permits(STUDIO, a.id(), p)).as(p.key()).isFalse();
      assertThat(gate.permits(STUDIO, other.id(), p)).as("other " + p.key()).isTrue();
      assertThat(gate.refused(STUDIO, p, List.of(a.id(), other.id())))
          .as(p.key())
          .containsExactly(a.id());
    }
    assertThat(gate.active(STUDIO, a.id()))
        .as("the privacy dashboard's view of the account")
        .singleElement()
        .satisfies(x -> assertThat(x.stops()).isEmpty());

    gate.lift(r.reference(), "the accuracy dispute is resolved", "operator:test");
    for (ProcessingPurpose p : ProcessingPurpose.values()) {
      assertThat(gate.permits(STUDIO, a.id(), p)).as("lifted " + p.key()).isTrue();
    }
    assertThat(gate.active(STUDIO, a.id())).isEmpty();
  }

  @Test
  @DisplayName(
      "B-27 B-40 an objection to marketing mailed in from the address of a studio account stops"
          + " marketing to that account only; other purposes go on")
  void objectionByAddressReachesTheAccount() {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Objector", "en");
    RightsRequest r =
        byAddress(
            RightsRequestKind.OBJECTION,
            ObjectionPurpose.MARKETING,
            RequestChannel.EMAIL,
            a.email());
    gate.apply(r.reference(), "operator:test");

    assertThat(gate.permits(STUDIO, a.id(), ProcessingPurpose.MARKETING)).isFalse();
    assertThat(gate.refused(STUDIO, ProcessingPurpose.MARKETING, List.of(a.id())))
        .containsExactly(a.id());
    for (ProcessingPurpose p : EnumSet.complementOf(EnumSet.of(ProcessingPurpose.MARKETING))) {
      assertThat(gate.permits(STUDIO, a.id(), p)).as(p.key()).isTrue();
    }
  }

  @Test
  @DisplayName(
      "B-27 an opt-out of sale asked for by the address of a studio account stops selling and"
          + " sharing that account's data")
  void optOutByAddressReachesTheAccount() {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "OptOut", "en");
    RightsRequest r =
        byAddress(RightsRequestKind.OPT_OUT_OF_SALE, null, RequestChannel.API, a.email());
    gate.apply(r.reference(), "operator:test");

    assertThat(gate.permits(STUDIO, a.id(), ProcessingPurpose.SALE_OR_SHARING)).isFalse();
    assertThat(gate.permits(STUDIO, a.id(), ProcessingPurpose.EDITING)).isTrue();
  }

  @Test
  @DisplayName(
      "B-27 a correction asked for by the address of a studio account corrects the account's"
          + " name in its store")
  void correctionByAddressReachesTheAccount() {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Misspelt", "en");
    RightsRequest r =
        byAddress(RightsRequestKind.RECTIFICATION, null, RequestChannel.API, a.email());
    verify(r);

    SubjectRectifier.Rectified done =
        rectifier.rectify(r.reference(), "studio.accounts", "name", "Spelt Right", "operator:test");

    assertThat(done.items()).isEqualTo(1);
    assertThat(
            jdbc.sql("select name from studio_account where account_id = :a")
                .param("a", a.id())
                .query(String.class)
                .single())
        .isEqualTo("Spelt Right");
  }
}
