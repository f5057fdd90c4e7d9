package dev.pledge.policy;

import static dev.pledge.policy.PolicyDuration.parse;
import static dev.pledge.policy.TestPolicies.draft;
import static dev.pledge.policy.TestPolicies.fixed;
import static dev.pledge.policy.TestPolicies.imageStudio;
import static dev.pledge.policy.TestPolicies.referenceSite;
import static dev.pledge.policy.TestPolicies.withCollected;
import static dev.pledge.policy.TestPolicies.withPurposes;
import static dev.pledge.policy.TestPolicies.withRetention;
import static dev.pledge.policy.TestPolicies.withTitle;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.PolicyDiff.Change;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("A-20")
@Tag("B-37")
class PolicyDiffTest {

  /** Diff of a policy against a copy changed by {@code edit}. */
  private static PolicyDiff diff(Policy base, Consumer<TestPolicies.Draft> edit) {
    TestPolicies.Draft d = draft(base);
    edit.accept(d);
    return PolicyDiff.compare(base, d.build());
  }

  private static Change only(PolicyDiff diff) {
    assertThat(diff.changes()).hasSize(1);
    return diff.changes().get(0);
  }

  private static final String EMAIL = "user.contact.email";
  private static final String LOGS = "system.access_logs";

  @Test
  @DisplayName("identical versions: no changes")
  void identical() {
    PolicyDiff diff = PolicyDiff.compare(imageStudio(), imageStudio());

    assertThat(diff.changes()).isEmpty();
    assertThat(diff.hasMaterial()).isFalse();
    assertThat(diff.format()).isEqualTo("no changes");
  }

  @Nested
  @DisplayName("A-20 material changes")
  class Material {

    @Test
    @DisplayName("a new collected category")
    void newCategory() {
      DataCategory newsletter =
          new DataCategory(
              "user.contact.newsletter",
              "Newsletter sign-ups",
              null,
              DataCategory.Collected.YES,
              null,
              List.of("email"),
              List.of("editorial"),
              LegalBasis.CONSENT,
              "you",
              false,
              true,
              fixed("P1Y", Retention.Anchor.LAST_ACTIVITY));
      Change c = only(diff(referenceSite(), d -> d.categories.add(newsletter)));

      assertThat(c.material()).isTrue();
      assertThat(c.path()).isEqualTo("categories[user.contact.newsletter]");
      assertThat(c.description()).isEqualTo("category added: \"Newsletter sign-ups\" (collected)");
    }

    @Test
    @DisplayName("a new purpose, and a category used for one more purpose")
    void newPurpose() {
      PolicyDiff diff =
          diff(
              referenceSite(),
              d -> {
                d.purposes.add(new Purpose("research", "Research", "Studying reading.", false));
                d.category(EMAIL, c -> withPurposes(c, List.of("enquiries", "research")));
              });

      assertThat(diff.changes())
          .containsExactly(
              new Change("purposes[research]", "purpose added: \"Research\"", true),
              new Change(
                  "categories[user.contact.email].purposes",
                  "now also used for \"Research\"",
                  true));
    }

    @Test
    @DisplayName("a category becoming collected")
    void becomesCollected() {
      PolicyDiff diff =
          diff(
              referenceSite(),
              d ->
                  d.category(
                      "user.credentials", x -> withCollected(x, DataCategory.Collected.YES)));

      assertThat(diff.changes())
          .contains(
              new Change(
                  "categories[user.credentials].collected",
                  "now collected (was not collected)",
                  true));
      assertThat(diff.material()).hasSize(1);
    }

    @Test
    @DisplayName("longer retention")
    void longerRetention() {
      Change c =
          only(
              diff(
                  referenceSite(),
                  d ->
                      d.category(
                          LOGS,
                          x -> withRetention(x, fixed("P180D", Retention.Anchor.COLLECTION)))));

      assertThat(c)
          .isEqualTo(
              new Change(
                  "categories[system.access_logs].retention",
                  "longer: Up to 90 days, then deleted → Up to 180 days, then deleted",
                  true));
    }

    @Test
    @DisplayName("permanent is longer than any fixed period")
    void permanentIsLongest() {
      Retention forever =
          new Retention(
              RetentionPeriod.permanent(),
              Retention.Anchor.COLLECTION,
              Retention.ExpiryAction.DELETE,
              null,
              null,
              null);
      Change c =
          only(
              diff(
                  imageStudio(),
                  d -> d.category("user.content.history", x -> withRetention(x, forever))));

      assertThat(c.material()).isTrue();
      assertThat(c.description())
          .startsWith("longer: Up to 3 years, then deleted → Kept indefinitely");
    }

    @Test
    @DisplayName("a range compares by its maximum; an open maximum is permanent")
    void rangesCompareMax() {
      Retention openEnded =
          new Retention(
              new RetentionPeriod(
                  RetentionPeriod.Kind.RANGE,
                  null,
                  parse("P1D"),
                  null,
                  parse("P30D"),
                  RetentionPeriod.ChosenBy.USER),
              Retention.Anchor.COLLECTION,
              Retention.ExpiryAction.DELETE,
              null,
              null,
              null);
      Change c =
          only(
              diff(
                  imageStudio(),
                  d -> d.category("user.content.edited_images", x -> withRetention(x, openEnded))));

      assertThat(c.material()).isTrue();
      assertThat(c.description())
          .isEqualTo(
              "longer: From 1 day to 1 year, chosen by you → From 1 day to permanent, chosen by you");
    }

    @Test
    @DisplayName("a new processor, and a processor receiving one more category")
    void newProcessor() {
      PolicyDiff diff =
          diff(
              imageStudio(),
              d -> {
                d.processors.add(
                    new Processor(
                        "Example Mail",
                        "email",
                        "Sends e-mail",
                        List.of("user.account"),
                        "eu",
                        null));
                d.processors.set(
                    0,
                    new Processor(
                        "Stripe",
                        "payments",
                        "Card payments",
                        List.of("user.financial.payments", "user.account"),
                        "us",
                        Safeguard.SCC));
              });

      assertThat(diff.changes())
          .containsExactly(
              new Change("processors[Stripe].categories", "now receives \"Account data\"", true),
              new Change(
                  "processors[Example Mail]",
                  "processor added: Example Mail (email) receiving \"Account data\"",
                  true));
    }

    @Test
    @DisplayName("a new region and a new transfer")
    void newRegionAndTransfer() {
      PolicyDiff diff =
          diff(
              imageStudio(),
              d -> {
                d.regions.add(new Region("uk", "United Kingdom", true));
                d.transfers.add(new Transfer("uk", "us", Safeguard.SCC, "Payments"));
              });

      assertThat(diff.changes())
          .containsExactly(
              new Change("regions[uk]", "region added: United Kingdom", true),
              new Change(
                  "transfers[uk->us]",
                  "transfer added: United Kingdom → United States under Standard contractual"
                      + " clauses",
                  true));
    }

    @Test
    @DisplayName("a new cookie in a category that needs consent")
    void newConsentCookie() {
      Change c =
          only(
              diff(
                  imageStudio(),
                  d ->
                      d.cookies.add(
                          new Cookie("promo", "marketing", "Promotions", parse("P30D"), false))));

      assertThat(c)
          .isEqualTo(
              new Change("cookies[promo]", "cookie added: promo (marketing, needs consent)", true));
    }

    @Test
    @DisplayName("selling data, and sharing widened")
    void sellingAndSharing() {
      PolicyDiff diff =
          diff(
              referenceSite(),
              d -> {
                d.sellsData = true;
                d.sharing = Policy.Sharing.PROCESSORS_ONLY;
              });

      assertThat(diff.changes())
          .containsExactly(
              new Change("sells-data", "now sells personal data", true),
              new Change("sharing", "widened: none → processors-only", true));
    }

    @Test
    @DisplayName("a right removed, a channel removed, a channel taken from a right")
    void rightsAndChannelsRemoved() {
      PolicyDiff diff =
          diff(
              referenceSite(),
              d -> {
                d.rights.removeIf(r -> r.kind() == Right.Kind.OPT_OUT_OF_SALE);
                d.rights.replaceAll(
                    r ->
                        r.kind() == Right.Kind.ERASURE
                            ? new Right(r.kind(), r.laws(), r.scope(), List.of("email"))
                            : r);
                d.channels.removeIf(ch -> ch.id().equals("email-deletion"));
              });

      assertThat(diff.changes())
          .containsExactly(
              new Change("rights[erasure].channels", "no longer through email-deletion", true),
              new Change("rights[opt-out-of-sale]", "right removed: Opt out of sale", true),
              new Change("channels[email-deletion]", "channel removed: Deletion by e-mail", true));
    }

    @Test
    @DisplayName("a longer legal deadline")
    void longerDeadline() {
      Change c =
          only(
              diff(
                  referenceSite(),
                  d ->
                      d.laws.set(
                          0,
                          new Law(
                              "gdpr",
                              "General Data Protection Regulation (GDPR)",
                              "people in the EU and the UK",
                              parse("P2M"),
                              false,
                              parse("P2M")))));

      assertThat(c)
          .isEqualTo(
              new Change("laws[gdpr].deadline", "longer: within 30 days → within 2 months", true));
    }
  }

  @Test
  @DisplayName("A-20 any other promise made weaker is material too")
  void weakerPromises() {
    Policy base = imageStudio();
    PolicyDiff diff =
        diff(
            base,
            d -> {
              d.children =
                  new Children(
                      12,
                      base.children().parentalConsent(),
                      base.children().enhancedProtectionUnder(),
                      base.children().parentalRights());
              d.breach =
                  new BreachPolicy(
                      parse("PT24H"),
                      parse("P7D"),
                      parse("PT0S"),
                      List.of("email", "in-app"),
                      "/security",
                      base.breach().steps());
              d.changeNotice =
                  new ChangeNotice(parse("P7D"), List.of("email", "page-notice"), false);
              d.security.remove(1);
              d.contacts.remove(0);
              d.purposes.set(
                  4,
                  new Purpose("analytics", "Service analytics", "Improving the service.", false));
              d.cookies.set(
                  1,
                  new Cookie(
                      "studio_prefs", "preference", "Remembers your language", parse("P2Y"), true));
            });

    assertThat(diff.changes()).allMatch(Change::material);
    assertThat(diff.changes())
        .extracting(Change::path)
        .containsExactly(
            "purposes[analytics].objectable",
            "cookies[studio_prefs].lifetime",
            "contacts[dpo]",
            "children.minimum-age",
            "breach.notify-regulator-within",
            "change-notice.advance-notice",
            "change-notice.material-requires-opt-in",
            "security[mfa]");
  }

  @Nested
  @DisplayName("A-20 changes that are not material")
  class NotMaterial {

    @Test
    @DisplayName("shorter retention")
    void shorterRetention() {
      Change c =
          only(
              diff(
                  referenceSite(),
                  d ->
                      d.category(
                          LOGS,
                          x -> withRetention(x, fixed("P30D", Retention.Anchor.COLLECTION)))));

      assertThat(c.material()).isFalse();
      assertThat(c.description()).startsWith("shorter: ");
    }

    @Test
    @DisplayName("wording: a renamed category, a reworded summary")
    void wording() {
      PolicyDiff diff =
          diff(
              referenceSite(),
              d -> {
                d.category(EMAIL, x -> withTitle(x, "E-mail correspondence"));
                d.summary = "A new summary.";
              });

      assertThat(diff.hasMaterial()).isFalse();
      assertThat(diff.changes())
          .extracting(Change::path)
          .containsExactly("summary", "categories[user.contact.email].title");
    }

    @Test
    @DisplayName("new effective and last-reviewed dates")
    void dates() {
      PolicyDiff diff =
          diff(
              referenceSite(),
              d -> {
                d.effective = LocalDate.of(2026, 7, 1);
                d.lastReviewed = LocalDate.of(2026, 7, 1);
              });

      assertThat(diff.hasMaterial()).isFalse();
      assertThat(diff.changes())
          .containsExactly(
              new Change("effective", "changed: 2026-04-01 → 2026-07-01", false),
              new Change("last-reviewed", "changed: 2026-04-15 → 2026-07-01", false));
    }

    @Test
    @DisplayName("a category no longer collected, a processor or region removed, narrower sharing")
    void lessIsNotMaterial() {
      PolicyDiff diff =
          diff(
              imageStudio(),
              d -> {
                d.category("user.behavior.usage", x -> withCollected(x, DataCategory.Collected.NO));
                d.processors.remove(2);
                d.regions.remove(2);
                d.sharing = Policy.Sharing.NONE;
              });

      assertThat(diff.changes()).isNotEmpty();
      assertThat(diff.hasMaterial()).isFalse();
    }

    @Test
    @DisplayName("a new essential cookie; a new category declared as not collected")
    void essentialCookieAndUncollectedCategory() {
      PolicyDiff diff =
          diff(
              imageStudio(),
              d -> {
                d.cookies.add(new Cookie("csrf", "essential", "Stops forged requests", null, true));
                d.categories.add(
                    new DataCategory(
                        "user.biometrics",
                        "Biometric data",
                        null,
                        DataCategory.Collected.NO,
                        null,
                        List.of(),
                        List.of(),
                        null,
                        null,
                        false,
                        true,
                        null));
              });

      assertThat(diff.changes()).hasSize(2);
      assertThat(diff.hasMaterial()).isFalse();
    }

    @Test
    @DisplayName("a right or channel added, a contact address changed, a shorter deadline")
    void moreRightsAndShorterDeadlines() {
      PolicyDiff diff =
          diff(
              imageStudio(),
              d -> {
                d.rights.add(new Right(Right.Kind.RESTRICTION, List.of(), null, List.of("email")));
                d.channels.add(
                    new Channel("api", Channel.Kind.API, "API", null, null, null, "/api/privacy"));
                d.contacts.set(
                    2,
                    new Contact(Contact.Role.LEGAL, null, "law@studio.example", null, null, null));
                d.responseTimes =
                    new ResponseTimes(
                        new Timeframe(parse("P3D"), true),
                        d.responseTimes.rights(),
                        d.responseTimes.urgent(),
                        d.responseTimes.regulatorAcknowledgement());
              });

      assertThat(diff.changes()).hasSize(4);
      assertThat(diff.hasMaterial()).isFalse();
    }
  }

  @Test
  @DisplayName("the newest material change: the diff agrees with what the page announces")
  void diffAgreesWithChangeLog() {
    PolicyDiff diff =
        diff(
            referenceSite(),
            d -> {
              d.category(
                  EMAIL, x -> withRetention(x, fixed("P24M", Retention.Anchor.LAST_MESSAGE)));
              d.changes.add(new PolicyChange(LocalDate.of(2026, 5, 1), true, "Mail kept longer."));
            });

    assertThat(diff.hasMaterial()).isTrue();
    assertThat(diff.material())
        .extracting(Change::path)
        .containsExactly("categories[user.contact.email].retention");
  }

  @Test
  @DisplayName("format(): one line per change, MATERIAL in front of the material ones")
  void format() {
    PolicyDiff diff =
        diff(
            referenceSite(),
            d -> {
              d.lastReviewed = LocalDate.of(2026, 6, 1);
              d.category(LOGS, x -> withRetention(x, fixed("P180D", Retention.Anchor.COLLECTION)));
            });

    assertThat(diff.format())
        .isEqualTo(
            "last-reviewed: changed: 2026-04-15 → 2026-06-01\n"
                + "MATERIAL categories[system.access_logs].retention: longer: Up to 90 days, then"
                + " deleted → Up to 180 days, then deleted");
  }
}
