package dev.pledge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The two policy files Pledge ships load without a single problem and say what the seeds say. */
class ShippedPoliciesTest {

  // Tests run with the module directory as working directory; the policies live at the root.
  private static final Path POLICIES = Path.of("..", "policies");

  static Policy load(String file) {
    LoadResult result = PolicyLoader.load(POLICIES.resolve(file));
    assertThat(result.problems())
        .as("problems in %s", file)
        .extracting(PolicyProblem::format)
        .isEmpty();
    assertThat(result.ok()).isTrue();
    return result.policy();
  }

  static DataCategory category(Policy policy, String id) {
    return policy.category(id).orElseThrow(() -> new AssertionError("no category " + id));
  }

  static Right right(Policy policy, Right.Kind kind) {
    return policy.rights().stream()
        .filter(r -> r.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no right " + kind));
  }

  @Nested
  class ReferenceSite {

    final Policy policy = load("reference-site.yaml");

    @Test
    void describesTheProperty() {
      assertThat(policy.languageVersion()).isEqualTo(1);
      assertThat(policy.property().id()).isEqualTo("reference-site");
      assertThat(policy.property().kind()).isEqualTo(Property.Kind.STATIC_SITE);
      assertThat(policy.property().domains())
          .containsExactly("reference.example.org", "www.reference.example.org");
      assertThat(policy.contact(Contact.Role.EDITORIAL).orElseThrow().email())
          .isEqualTo("editor@reference.example.org");
      assertThat(policy.contact(Contact.Role.PRIVACY).orElseThrow().email())
          .isEqualTo("editor@reference.example.org");
    }

    @Test
    @DisplayName("A-17 access logs are kept 90 days, then deleted")
    void accessLogRetention() {
      Retention retention = category(policy, "user.device.access_logs").retention();
      assertThat(retention.period()).isEqualTo(RetentionPeriod.of(PolicyDuration.parse("P90D")));
      assertThat(retention.action()).isEqualTo(Retention.ExpiryAction.DELETE);
      assertThat(retention.anchor()).isEqualTo(Retention.Anchor.COLLECTION);
    }

    @Test
    @DisplayName("A-18 raw analytics 90 days, then aggregated; aggregates kept permanently")
    void analyticsRetention() {
      DataCategory analytics = category(policy, "user.behavior.page_views");
      assertThat(analytics.anonymised()).isTrue();
      assertThat(analytics.personal()).isFalse();
      assertThat(analytics.retention().period().fixed()).isEqualTo(PolicyDuration.parse("P90D"));
      assertThat(analytics.retention().action())
          .isEqualTo(Retention.ExpiryAction.AGGREGATE_THEN_DELETE);
      assertThat(analytics.retention().aggregateRetention().isPermanent()).isTrue();
    }

    @Test
    @DisplayName("A-19 correspondence is kept at most 12 months after the last message")
    void correspondenceRetention() {
      DataCategory mail = category(policy, "user.contact.correspondence");
      assertThat(mail.collected()).isEqualTo(DataCategory.Collected.ON_CONTACT);
      assertThat(mail.retention().period().fixed()).isEqualTo(PolicyDuration.parse("P12M"));
      assertThat(mail.retention().anchor()).isEqualTo(Retention.Anchor.LAST_MESSAGE);
    }

    @Test
    @DisplayName("A-03 A-10 credentials, health and financial data are declared as not collected")
    void notCollected() {
      DataCategory credentials = category(policy, "user.authorization.credentials");
      assertThat(credentials.collected()).isEqualTo(DataCategory.Collected.NO);
      assertThat(credentials.collectedNote()).isEqualTo("no account system exists");
      assertThat(category(policy, "user.health_and_financial").collected())
          .isEqualTo(DataCategory.Collected.NO);
      assertThat(policy.categories())
          .filteredOn(c -> c.collected() == DataCategory.Collected.NO)
          .allSatisfy(c -> assertThat(c.retention()).isNull());
    }

    @Test
    @DisplayName("A-23 every collected category states its purpose and retention")
    void categoryTable() {
      assertThat(policy.categories())
          .filteredOn(c -> c.collected() != DataCategory.Collected.NO)
          .hasSize(3)
          .allSatisfy(
              c -> {
                assertThat(c.purposes()).isNotEmpty();
                assertThat(c.retention()).isNotNull();
                assertThat(c.legalBasis()).isNotNull();
              });
    }

    @Test
    @DisplayName("A-11 A-12 A-14 no cookies at all, nothing sold, nothing shared")
    void noCookiesNoSharing() {
      assertThat(policy.cookies()).isEmpty();
      assertThat(policy.cookieCategories())
          .extracting(CookieCategory::id)
          .containsExactly("essential");
      assertThat(policy.sellsData()).isFalse();
      assertThat(policy.sharing()).isEqualTo(Policy.Sharing.NONE);
      assertThat(policy.processors()).isEmpty();
    }

    @Test
    @DisplayName("A-15 A-16 GDPR and CCPA rights over logs and correspondence")
    void rights() {
      assertThat(policy.rights())
          .extracting(Right::kind)
          .contains(
              Right.Kind.ACCESS,
              Right.Kind.RECTIFICATION,
              Right.Kind.ERASURE,
              Right.Kind.OBJECTION,
              Right.Kind.KNOW,
              Right.Kind.OPT_OUT_OF_SALE);
      assertThat(right(policy, Right.Kind.ERASURE).laws()).contains("gdpr", "ccpa");
      assertThat(right(policy, Right.Kind.OPT_OUT_OF_SALE).laws()).containsExactly("ccpa");
      assertThat(policy.law("gdpr").orElseThrow().deadline())
          .isEqualTo(PolicyDuration.parse("P1M"));
      assertThat(policy.law("ccpa").orElseThrow().extension())
          .isEqualTo(PolicyDuration.parse("P45D"));
    }

    @Test
    @DisplayName("A-21 an e-mail with subject 'Privacy deletion request' starts erasure in 30 days")
    void deletionByEmail() {
      Channel mail = policy.channel("deletion-email").orElseThrow();
      assertThat(mail.kind()).isEqualTo(Channel.Kind.EMAIL);
      assertThat(mail.contact()).isEqualTo(Contact.Role.EDITORIAL);
      assertThat(mail.subject()).isEqualTo("Privacy deletion request");
      assertThat(mail.starts()).isEqualTo(Right.Kind.ERASURE);
      assertThat(right(policy, Right.Kind.ERASURE).channels()).contains("deletion-email");
      assertThat(policy.channel("editorial-email").orElseThrow().subject()).isNull();
      assertThat(policy.channel("privacy-form").orElseThrow().path())
          .isEqualTo("/privacy/requests");
      assertThat(policy.responseTimes().rights().period()).isEqualTo(PolicyDuration.parse("P30D"));
    }

    @Test
    @DisplayName("A-20 material changes noted at the top with the effective date; review date")
    void changesAndReview() {
      assertThat(policy.effective()).isEqualTo(LocalDate.of(2026, 4, 1));
      assertThat(policy.lastReviewed()).isEqualTo(LocalDate.of(2026, 4, 15));
      assertThat(policy.materialChangeNotice())
          .map(PolicyChange::effective)
          .contains(LocalDate.of(2026, 4, 1));
      assertThat(policy.changeNotice().channels()).containsExactly("page-notice");
    }
  }

  @Nested
  class ImageStudio {

    final Policy policy = load("image-studio.yaml");

    @Test
    void describesTheProperty() {
      assertThat(policy.property().id()).isEqualTo("image-studio");
      assertThat(policy.property().kind()).isEqualTo(Property.Kind.SERVICE);
      assertThat(policy.property().domains()).containsExactly("studio.example.com");
      assertThat(policy.effective()).isEqualTo(LocalDate.of(2025, 1, 1));
    }

    @Test
    @DisplayName("B-39 DPO, privacy, legal and compliance contacts are published")
    void contacts() {
      assertThat(policy.contacts())
          .extracting(Contact::role)
          .contains(
              Contact.Role.PRIVACY,
              Contact.Role.DPO,
              Contact.Role.LEGAL,
              Contact.Role.COMPLIANCE,
              Contact.Role.SUPPORT,
              Contact.Role.SECURITY);
      assertThat(policy.contacts())
          .allSatisfy(c -> assertThat(c.email()).endsWith("@studio.example.com"));
    }

    @Test
    @DisplayName("B-16 account data deleted 90 days after the account is deleted")
    void accountRetention() {
      Retention retention = category(policy, "user.account.identity").retention();
      assertThat(retention.period().fixed()).isEqualTo(PolicyDuration.parse("P90D"));
      assertThat(retention.anchor()).isEqualTo(Retention.Anchor.ACCOUNT_DELETION);
    }

    @Test
    @DisplayName("B-17 editing history is kept at most 3 years")
    void historyRetention() {
      assertThat(category(policy, "user.content.editing_history").retention().period().fixed())
          .isEqualTo(PolicyDuration.parse("P3Y"));
    }

    @Test
    @DisplayName("B-18 B-19 source images 7 days to permanent by plan; edited images by the user")
    void imageRanges() {
      RetentionPeriod source = category(policy, "user.content.source_images").retention().period();
      assertThat(source.kind()).isEqualTo(RetentionPeriod.Kind.RANGE);
      assertThat(source.min()).isEqualTo(PolicyDuration.parse("P7D"));
      assertThat(source.maxIsPermanent()).isTrue();
      assertThat(source.chosenBy()).isEqualTo(RetentionPeriod.ChosenBy.PLAN);
      RetentionPeriod edited = category(policy, "user.content.edited_images").retention().period();
      assertThat(edited.kind()).isEqualTo(RetentionPeriod.Kind.RANGE);
      assertThat(edited.chosenBy()).isEqualTo(RetentionPeriod.ChosenBy.USER);
    }

    @Test
    @DisplayName("B-20 payment records kept 7 years under a legal hold")
    void paymentRecords() {
      Retention retention = category(policy, "user.financial.payment_records").retention();
      assertThat(retention.period().fixed()).isEqualTo(PolicyDuration.parse("P7Y"));
      assertThat(retention.legalHold().period()).isEqualTo(PolicyDuration.parse("P7Y"));
      assertThat(retention.legalHold().reason()).isNotBlank();
      assertThat(category(policy, "user.financial.card_numbers").collected())
          .isEqualTo(DataCategory.Collected.NO);
    }

    @Test
    @DisplayName("B-21 B-22 support kept 5 years; analytics anonymised and kept")
    void supportAndAnalytics() {
      assertThat(category(policy, "user.communications.support").retention().period().fixed())
          .isEqualTo(PolicyDuration.parse("P5Y"));
      assertThat(category(policy, "user.communications.support").retention().anchor())
          .as("5 years after the last message of a conversation, not after its first")
          .isEqualTo(Retention.Anchor.LAST_MESSAGE);
      DataCategory analytics = category(policy, "user.behavior.usage_analytics");
      assertThat(analytics.anonymised()).isTrue();
      assertThat(analytics.retention().period().isPermanent()).isTrue();
    }

    @Test
    @DisplayName("B-30 five cookie categories; only essential without consent")
    void cookieCategories() {
      assertThat(policy.cookieCategories())
          .extracting(CookieCategory::id)
          .containsExactly("essential", "performance", "preference", "security", "marketing");
      assertThat(policy.cookieCategories())
          .filteredOn(c -> !c.consentRequired())
          .extracting(CookieCategory::id)
          .containsExactly("essential");
      Set<String> declared =
          policy.cookieCategories().stream().map(CookieCategory::id).collect(Collectors.toSet());
      assertThat(policy.cookies()).allSatisfy(c -> assertThat(declared).contains(c.category()));
    }

    @Test
    @DisplayName("B-24 B-25 nothing sold; six kinds of processor registered")
    void processors() {
      assertThat(policy.sellsData()).isFalse();
      assertThat(policy.sharing()).isEqualTo(Policy.Sharing.PROCESSORS_ONLY);
      assertThat(policy.processors())
          .extracting(Processor::role)
          .containsExactlyInAnyOrder(
              "payments", "cloud", "ai-model", "analytics", "support", "cdn");
      assertThat(policy.processors())
          .extracting(Processor::name)
          .contains("Example AI Model Provider")
          .noneMatch(n -> n.toLowerCase().contains("qwen") || n.toLowerCase().contains("alibaba"));
    }

    @Test
    @DisplayName("B-23 B-31 three regions; every transfer has a safeguard")
    void regionsAndTransfers() {
      assertThat(policy.regions()).extracting(Region::id).containsExactly("us", "eu", "apac");
      assertThat(policy.transfers())
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.safeguard()).isNotNull());
      assertThat(policy.transfers())
          .extracting(Transfer::safeguard)
          .contains(Safeguard.ADEQUACY, Safeguard.SCC, Safeguard.BCR, Safeguard.CONSENT);
    }

    @Test
    @DisplayName("B-27 B-29 rights through dashboard, privacy center, e-mail, support and legal")
    void rightsAndChannels() {
      assertThat(policy.rights())
          .extracting(Right::kind)
          .contains(
              Right.Kind.ACCESS,
              Right.Kind.RECTIFICATION,
              Right.Kind.ERASURE,
              Right.Kind.PORTABILITY,
              Right.Kind.OBJECTION,
              Right.Kind.RESTRICTION,
              Right.Kind.WITHDRAW_CONSENT);
      assertThat(policy.channels())
          .extracting(Channel::kind)
          .containsExactly(
              Channel.Kind.DASHBOARD,
              Channel.Kind.FORM,
              Channel.Kind.EMAIL,
              Channel.Kind.SUPPORT,
              Channel.Kind.LEGAL);
      assertThat(right(policy, Right.Kind.ACCESS).channels()).hasSize(5);
    }

    @Test
    @DisplayName("B-32 deadlines for GDPR, CCPA, PIPEDA, LGPD and PDPA")
    void laws() {
      assertThat(policy.law("gdpr").orElseThrow().deadline())
          .isEqualTo(PolicyDuration.parse("P1M"));
      assertThat(policy.law("gdpr").orElseThrow().extension())
          .isEqualTo(PolicyDuration.parse("P2M"));
      assertThat(policy.law("ccpa").orElseThrow().deadline())
          .isEqualTo(PolicyDuration.parse("P45D"));
      assertThat(policy.law("lgpd").orElseThrow().deadline())
          .isEqualTo(PolicyDuration.parse("P15D"));
      assertThat(policy.law("pipeda").orElseThrow().deadline())
          .isEqualTo(PolicyDuration.parse("P30D"));
      assertThat(policy.law("pdpa").orElseThrow().deadline())
          .isEqualTo(PolicyDuration.parse("P30D"));
    }

    @Test
    @DisplayName("B-38 response times: 5 business days, 30 days, 24 hours, at once")
    void responseTimes() {
      ResponseTimes times = policy.responseTimes();
      assertThat(times.general().period()).isEqualTo(PolicyDuration.parse("P5D"));
      assertThat(times.general().businessDays()).isTrue();
      assertThat(times.rights().period()).isEqualTo(PolicyDuration.parse("P30D"));
      assertThat(times.urgent().period()).isEqualTo(PolicyDuration.parse("PT24H"));
      assertThat(times.regulatorAcknowledgement().immediate()).isTrue();
    }

    @Test
    @DisplayName("B-33 B-34 minimum age 13, parental consent under 16, parental rights")
    void children() {
      Children children = policy.children();
      assertThat(children.minimumAge()).isEqualTo(13);
      assertThat(children.parentalConsent())
          .containsExactly(new Children.ParentalConsent("gdpr", 16));
      assertThat(children.enhancedProtectionUnder()).isEqualTo(18);
      assertThat(children.parentalRights()).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    @DisplayName(
        "B-35 B-36 breach clocks: 24 h contain, 72 h regulator, at once by e-mail and in-app")
    void breach() {
      BreachPolicy breach = policy.breach();
      assertThat(breach.containWithin()).isEqualTo(PolicyDuration.parse("PT24H"));
      assertThat(breach.notifyRegulatorWithin()).isEqualTo(PolicyDuration.parse("PT72H"));
      assertThat(breach.notifyPeopleWithin().approximate()).isZero();
      assertThat(breach.notifyPeopleBy()).containsExactly("email", "in-app");
      assertThat(breach.publicPage()).isEqualTo("/security");
    }

    @Test
    @DisplayName("B-37 30 days' notice by e-mail, opt-in for material changes")
    void changeNotice() {
      ChangeNotice notice = policy.changeNotice();
      assertThat(notice.advanceNotice()).isEqualTo(PolicyDuration.parse("P30D"));
      assertThat(notice.channels()).contains("email", "page-notice");
      assertThat(notice.materialRequiresOptIn()).isTrue();
    }

    @Test
    @DisplayName("B-11 client-side encryption is published with its honest scope")
    void honestEncryptionScope() {
      List<SecurityMeasure> security = policy.security();
      assertThat(security).extracting(SecurityMeasure::id).contains("encryption-at-rest", "mfa");
      SecurityMeasure clientSide =
          security.stream()
              .filter(s -> s.id().equals("client-side-encryption"))
              .findFirst()
              .orElseThrow();
      assertThat(clientSide.description())
          .contains("only for features")
          .contains("not a zero-knowledge")
          // the private vault: what is encrypted on the device, what is not, and a lost passphrase
          .contains("private vault", "AES-256-GCM", "PBKDF2-SHA-256", "600,000")
          .contains("the project's name", "encrypted size", "when each was uploaded")
          .contains("AI edits are not available")
          .contains("if you lose it, the images in that vault are lost");
    }

    @Test
    @DisplayName("B-26 disclosures to authorities are listed")
    void disclosures() {
      assertThat(policy.disclosures()).anyMatch(d -> d.contains("court order"));
    }
  }

  @Test
  @DisplayName("neither shipped policy names the seeds' brands or domains")
  void neutralNames() throws Exception {
    for (String file : List.of("reference-site.yaml", "image-studio.yaml")) {
      String text = java.nio.file.Files.readString(POLICIES.resolve(file)).toLowerCase();
      assertThat(text).as(file).doesNotContain("qwen", "alibaba", "dashscope", "tongyi");
    }
  }
}
