package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.policy.Law;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.ResponseTimes;
import dev.pledge.policy.Timeframe;
import dev.pledge.server.policy.PolicySource;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The deadline calculator, per law and over the calendar's edges (B-32, B-38, A-21). */
class RequestDeadlinesTest {

  static final ZoneId UTC = ZoneOffset.UTC;
  static final Policy SITE =
      PolicySource.load("classpath:policies/reference-site.yaml").result().policy();
  static final Policy STUDIO =
      PolicySource.load("classpath:policies/image-studio.yaml").result().policy();

  /** The reference site's policy with other laws and response times. */
  static Policy site(List<Law> laws, ResponseTimes times) {
    Policy p = SITE;
    return new Policy(
        p.languageVersion(),
        p.property(),
        p.controller(),
        p.contacts(),
        p.effective(),
        p.lastReviewed(),
        p.changes(),
        p.summary(),
        p.sellsData(),
        p.sharing(),
        p.disclosures(),
        p.purposes(),
        p.categories(),
        p.rights(),
        p.channels(),
        laws,
        times,
        p.cookieCategories(),
        p.cookies(),
        p.processors(),
        p.regions(),
        p.transfers(),
        p.children(),
        p.breach(),
        p.changeNotice(),
        p.security());
  }

  /** A policy that promises nothing itself, so that only the law counts. */
  static final Policy LAW_ONLY = site(List.of(), new ResponseTimes(null, null, null, null));

  static Instant at(String iso) {
    return Instant.parse(iso);
  }

  static RequestDeadline due(Policy p, RightsRequestKind kind, String law, String received) {
    return RequestDeadlines.due(p, kind, law, false, at(received), UTC);
  }

  @Test
  @DisplayName("B-32 GDPR: one calendar month, 31 January ends on the last day of February")
  void gdprCalendarMonth() {
    assertThat(due(LAW_ONLY, RightsRequestKind.ACCESS, "gdpr", "2026-03-15T10:00:00Z").dueAt())
        .isEqualTo(at("2026-04-15T10:00:00Z"));
    assertThat(due(LAW_ONLY, RightsRequestKind.ACCESS, "gdpr", "2026-01-31T10:00:00Z").dueAt())
        .isEqualTo(at("2026-02-28T10:00:00Z"));
    assertThat(due(LAW_ONLY, RightsRequestKind.ACCESS, "gdpr", "2028-01-31T10:00:00Z").dueAt())
        .isEqualTo(at("2028-02-29T10:00:00Z"));
    assertThat(due(LAW_ONLY, RightsRequestKind.ACCESS, "gdpr", "2026-08-31T23:30:00Z").dueAt())
        .isEqualTo(at("2026-09-30T23:30:00Z"));
  }

  @Test
  @DisplayName("B-32 GDPR: extendable by two further months; the basis names the law")
  void gdprExtension() {
    RequestDeadline d = due(LAW_ONLY, RightsRequestKind.ERASURE, "gdpr", "2026-01-31T10:00:00Z");
    assertThat(d.basis()).isEqualTo("gdpr: P1M");
    assertThat(d.extendable()).isTrue();
    assertThat(d.extendedDueAt()).isEqualTo(at("2026-04-28T10:00:00Z"));
  }

  @Test
  @DisplayName("B-32 CCPA 45 days (+45), LGPD 15 days, PIPEDA 30 days (+30), PDPA 30 days")
  void otherLaws() {
    String received = "2026-06-01T09:00:00Z";
    RequestDeadline ccpa = due(LAW_ONLY, RightsRequestKind.ERASURE, "ccpa", received);
    assertThat(ccpa.dueAt()).isEqualTo(at("2026-07-16T09:00:00Z"));
    assertThat(ccpa.extendedDueAt()).isEqualTo(at("2026-08-30T09:00:00Z"));
    RequestDeadline lgpd = due(LAW_ONLY, RightsRequestKind.ACCESS, "lgpd", received);
    assertThat(lgpd.dueAt()).isEqualTo(at("2026-06-16T09:00:00Z"));
    assertThat(lgpd.extendable()).isFalse();
    RequestDeadline pipeda = due(LAW_ONLY, RightsRequestKind.ACCESS, "pipeda", received);
    assertThat(pipeda.dueAt()).isEqualTo(at("2026-07-01T09:00:00Z"));
    assertThat(pipeda.extendedDueAt()).isEqualTo(at("2026-07-31T09:00:00Z"));
    RequestDeadline pdpa = due(LAW_ONLY, RightsRequestKind.ACCESS, "pdpa", received);
    assertThat(pdpa.dueAt()).isEqualTo(at("2026-07-01T09:00:00Z"));
    assertThat(pdpa.extendable()).isFalse();
  }

  @Test
  @DisplayName("B-32 a law declared in the policy overrides Pledge's built-in deadline")
  void policyLawWins() {
    Law strictGdpr = new Law("gdpr", "GDPR", null, PolicyDuration.parse("P20D"), false, null);
    Policy p = site(List.of(strictGdpr), new ResponseTimes(null, null, null, null));
    RequestDeadline d = due(p, RightsRequestKind.ACCESS, "gdpr", "2026-06-01T09:00:00Z");
    assertThat(d.dueAt()).isEqualTo(at("2026-06-21T09:00:00Z"));
    assertThat(d.extendable()).isFalse();
  }

  @Test
  @DisplayName("an unknown law is refused with the laws that are known")
  void unknownLaw() {
    assertThatThrownBy(
            () -> due(SITE, RightsRequestKind.ACCESS, "atlantis", "2026-06-01T09:00:00Z"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown law 'atlantis'")
        .hasMessageContaining("lgpd");
  }

  @Test
  @DisplayName("A-21 reference site: erasure in February is due after one month, not 30 days")
  void strictestWinsFebruary() {
    // Erasure is granted under gdpr, uk-gdpr and ccpa; the policy promises P30D: one month from
    // 1 February (28 days) is the strictest.
    RequestDeadline feb = due(SITE, RightsRequestKind.ERASURE, null, "2026-02-01T12:00:00Z");
    assertThat(feb.dueAt()).isEqualTo(at("2026-03-01T12:00:00Z"));
    assertThat(feb.basis()).isEqualTo("gdpr: P1M");
    // From 1 March one month is 31 days: the policy's 30 days win.
    RequestDeadline mar = due(SITE, RightsRequestKind.ERASURE, null, "2026-03-01T12:00:00Z");
    assertThat(mar.dueAt()).isEqualTo(at("2026-03-31T12:00:00Z"));
    assertThat(mar.basis()).isEqualTo("policy rights: P30D");
    // Every law listed allows an extension; the shortest total (CCPA's 45 + 45 days, against
    // GDPR's 1 + 2 months) bounds it.
    assertThat(mar.extendedDueAt()).isEqualTo(at("2026-05-30T12:00:00Z"));
  }

  @Test
  @DisplayName("A-16 a CCPA requester of the reference site still gets the policy's 30 days")
  void policyTimeBeatsCcpa() {
    RequestDeadline d =
        due(SITE, RightsRequestKind.OPT_OUT_OF_SALE, "ccpa", "2026-06-01T09:00:00Z");
    assertThat(d.dueAt()).isEqualTo(at("2026-07-01T09:00:00Z"));
    assertThat(d.basis()).isEqualTo("policy rights: P30D");
  }

  @Test
  @DisplayName("B-38 general inquiry: 5 business days, skipping the weekend")
  void generalInquiryBusinessDays() {
    // Studio declares general: P5D business days. Friday → next Friday.
    assertThat(due(STUDIO, RightsRequestKind.INQUIRY, null, "2026-06-05T16:00:00Z").dueAt())
        .isEqualTo(at("2026-06-12T16:00:00Z"));
    // Wednesday → next Wednesday (crosses one weekend).
    assertThat(due(STUDIO, RightsRequestKind.INQUIRY, null, "2026-06-03T08:00:00Z").dueAt())
        .isEqualTo(at("2026-06-10T08:00:00Z"));
    // Saturday and Sunday: counting starts on Monday, due Friday.
    assertThat(due(STUDIO, RightsRequestKind.INQUIRY, null, "2026-06-06T11:00:00Z").dueAt())
        .isEqualTo(at("2026-06-12T11:00:00Z"));
    assertThat(due(STUDIO, RightsRequestKind.INQUIRY, null, "2026-06-07T11:00:00Z").dueAt())
        .isEqualTo(at("2026-06-12T11:00:00Z"));
  }

  @Test
  @DisplayName("A-21 a general inquiry to the reference site gets Pledge's 5 business days")
  void defaultGeneralInquiry() {
    RequestDeadline d = due(SITE, RightsRequestKind.INQUIRY, null, "2026-06-05T16:00:00Z");
    assertThat(d.dueAt()).isEqualTo(at("2026-06-12T16:00:00Z"));
    assertThat(d.basis()).isEqualTo("default general: P5D business days");
    assertThat(d.extendable()).isFalse();
  }

  @Test
  @DisplayName("B-38 an urgent request gets the policy's 24 hours")
  void urgent() {
    RequestDeadline d =
        RequestDeadlines.due(
            STUDIO, RightsRequestKind.ERASURE, "gdpr", true, at("2026-06-05T16:00:00Z"), UTC);
    assertThat(d.dueAt()).isEqualTo(at("2026-06-06T16:00:00Z"));
    assertThat(d.basis()).isEqualTo("policy urgent: PT24H");
  }

  @Test
  @DisplayName("B-26 a disclosure to an authority is acknowledged at once where the policy says so")
  void authority() {
    RequestDeadline d =
        due(STUDIO, RightsRequestKind.AUTHORITY_DISCLOSURE, null, "2026-06-05T16:00:00Z");
    assertThat(d.dueAt()).isEqualTo(at("2026-06-05T16:00:00Z"));
    assertThat(
            due(SITE, RightsRequestKind.AUTHORITY_DISCLOSURE, null, "2026-06-05T16:00:00Z").dueAt())
        .isNull();
  }

  @Test
  @DisplayName("calendar arithmetic happens in the configured zone")
  void zone() {
    // 31 January 23:30 in Berlin is 22:30 UTC; one month later is 28 February 23:30 in Berlin.
    Instant received = at("2026-01-31T22:30:00Z");
    RequestDeadline d =
        RequestDeadlines.due(
            LAW_ONLY,
            RightsRequestKind.ACCESS,
            "gdpr",
            false,
            received,
            ZoneId.of("Europe/Berlin"));
    assertThat(d.dueAt()).isEqualTo(at("2026-02-28T22:30:00Z"));
  }

  @Test
  @DisplayName("business days with a time part, and an empty policy falls back to 30 days")
  void businessDaysAndDefaults() {
    Policy p =
        site(
            List.of(),
            new ResponseTimes(
                new Timeframe(PolicyDuration.parse("P1DT2H"), true), null, null, null));
    // Friday 20:00 + 1 business day = Monday 20:00, + 2 h = Monday 22:00.
    assertThat(due(p, RightsRequestKind.INQUIRY, null, "2026-06-05T20:00:00Z").dueAt())
        .isEqualTo(at("2026-06-08T22:00:00Z"));
    RequestDeadline rights =
        due(LAW_ONLY, RightsRequestKind.RESTRICTION, null, "2026-06-05T20:00:00Z");
    assertThat(rights.dueAt()).isEqualTo(at("2026-07-05T20:00:00Z"));
    assertThat(rights.basis()).isEqualTo("default rights: P30D");
  }
}
