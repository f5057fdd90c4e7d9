package dev.pledge.policy;

import static dev.pledge.policy.PolicyDuration.parse;
import static dev.pledge.policy.TestPolicies.fixed;
import static dev.pledge.policy.TestPolicies.imageStudio;
import static dev.pledge.policy.TestPolicies.referenceSite;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact words every published form shares. */
class PolicyRendererPhrasingTest {

  @ParameterizedTest(name = "{0} reads \"{1}\"")
  @CsvSource({
    "P90D, 90 days",
    "P12M, 12 months",
    "P3Y, 3 years",
    "P1Y, 1 year",
    "PT24H, 24 hours",
    "PT72H, 72 hours",
    "P7D, 7 days",
    "P1D, 1 day",
    "P1M, 1 month",
    "PT0S, at once",
    "P2W, 2 weeks",
    "PT30M, 30 minutes",
    "P1Y6M, 1 year and 6 months",
    "P1Y2M3D, '1 year, 2 months and 3 days'"
  })
  void durations(String iso, String words) {
    assertThat(PlainWords.duration(parse(iso))).isEqualTo(words);
  }

  @Test
  void businessDays() {
    assertThat(PlainWords.duration(parse("P5D"), true)).isEqualTo("5 business days");
    assertThat(PlainWords.duration(parse("P1D"), true)).isEqualTo("1 business day");
    assertThat(PlainWords.duration(parse("P5D"), false)).isEqualTo("5 days");
    assertThat(PlainWords.within(new Timeframe(parse("P5D"), true)))
        .isEqualTo("within 5 business days");
    assertThat(PlainWords.within(new Timeframe(parse("PT0S"), false))).isEqualTo("at once");
  }

  @Test
  void dates() {
    assertThat(PlainWords.date(LocalDate.of(2026, 4, 1))).isEqualTo("1 April 2026");
  }

  @Test
  @Tag("A-23")
  @DisplayName("A-23 collected, purpose and retention cells of the reference site")
  void referenceSiteCells() {
    Policy p = referenceSite();
    Map<String, String> collected = cells(p, c -> PlainWords.collected(c));
    Map<String, String> purposes = cells(p, c -> PlainWords.purposes(p, c));
    Map<String, String> retention = cells(p, PlainWords::retention);

    assertThat(collected)
        .containsEntry("user.behavior.page_views", "Yes")
        .containsEntry("user.contact.email", "Only if you contact us")
        .containsEntry("user.credentials", "No — no account system exists")
        .containsEntry("user.health_financial", "No");
    assertThat(purposes)
        .containsEntry("user.behavior.page_views", "Editorial decisions, performance monitoring")
        .containsEntry("system.access_logs", "Debugging, abuse monitoring, uptime")
        .containsEntry("user.credentials", "N/A");
    assertThat(retention)
        .containsEntry("user.behavior.page_views", "Aggregated indefinitely; raw data 90 days")
        .containsEntry("system.access_logs", "Up to 90 days, then deleted")
        .containsEntry("user.contact.email", "Duration of exchange plus up to 12 months")
        .containsEntry("user.credentials", "N/A");
  }

  @Test
  @Tag("B-16")
  @Tag("B-17")
  @Tag("B-18")
  @Tag("B-19")
  @Tag("B-20")
  @Tag("B-21")
  @DisplayName("B-16 to B-21 retention cells of the service: account, ranges, legal hold")
  void serviceRetentionCells() {
    Map<String, String> retention = cells(imageStudio(), PlainWords::retention);

    assertThat(retention)
        .containsEntry("user.account", "While the account is active, then 90 days after deletion")
        .containsEntry("user.content.history", "Up to 3 years, then deleted")
        .containsEntry("user.content.source_images", "From 7 days to permanent, chosen by plan")
        .containsEntry("user.content.edited_images", "From 1 day to 1 year, chosen by you")
        .containsEntry(
            "user.financial.payments",
            "Up to 7 years, then deleted; kept 7 years under legal hold (tax law) even after an"
                + " erasure request")
        .containsEntry("user.contact.support", "Up to 5 years, then deleted")
        .containsEntry("user.behavior.usage", "Anonymised after 90 days")
        .containsEntry("system.research", "Kept indefinitely");
  }

  @Test
  @DisplayName("a collected note follows any value, unless it only repeats it")
  void collectedNotes() {
    DataCategory email = referenceSite().category("user.contact.email").orElseThrow();
    DataCategory repeated =
        new DataCategory(
            email.id(),
            email.title(),
            null,
            DataCategory.Collected.ON_CONTACT,
            "only if you contact us",
            email.fields(),
            email.purposes(),
            email.legalBasis(),
            email.source(),
            false,
            true,
            email.retention());
    DataCategory noted =
        new DataCategory(
            "company",
            "Company details",
            null,
            DataCategory.Collected.YES,
            "enterprise customers only",
            List.of(),
            List.of("account"),
            null,
            null,
            false,
            true,
            null);

    assertThat(PlainWords.collected(repeated)).isEqualTo("Only if you contact us");
    assertThat(PlainWords.collected(noted)).isEqualTo("Yes — enterprise customers only");
  }

  @Test
  void legalHoldReasonWithoutItsFullStop() {
    Retention r =
        new Retention(
            RetentionPeriod.of(parse("P7Y")),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE,
            null,
            new Retention.LegalHold(parse("P7Y"), "Tax law requires it."),
            null);

    assertThat(PlainWords.retention(r))
        .isEqualTo(
            "Up to 7 years, then deleted; kept 7 years under legal hold (Tax law requires it) even"
                + " after an erasure request");
  }

  @Test
  void otherRetentionShapes() {
    assertThat(PlainWords.retention(fixed("P6M", Retention.Anchor.LAST_ACTIVITY)))
        .isEqualTo("Up to 6 months after your last activity, then deleted");
    assertThat(
            PlainWords.retention(
                new Retention(
                    RetentionPeriod.of(parse("P90D")),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.AGGREGATE_THEN_DELETE,
                    RetentionPeriod.of(parse("P2Y")),
                    null,
                    null)))
        .isEqualTo("Aggregated for 2 years; raw data 90 days");
    assertThat(
            PlainWords.retention(
                new Retention(
                    RetentionPeriod.of(parse("P30D")),
                    Retention.Anchor.ACCOUNT_DELETION,
                    Retention.ExpiryAction.ANONYMISE,
                    null,
                    null,
                    null)))
        .isEqualTo("While the account is active, then anonymised 30 days after deletion");
  }

  @Test
  @DisplayName("later purpose titles are lowered, acronyms are kept")
  void purposeTitlesReadAsOnePhrase() {
    assertThat(PlainWords.sentenceCaseList(List.of("Debugging", "Abuse monitoring", "uptime")))
        .isEqualTo("Debugging, abuse monitoring, uptime");
    assertThat(PlainWords.sentenceCaseList(List.of("Billing", "API access", "AI training")))
        .isEqualTo("Billing, API access, AI training");
  }

  @Test
  void seriesAndSafeguards() {
    assertThat(PlainWords.series(List.of("a"))).isEqualTo("a");
    assertThat(PlainWords.series(List.of("a", "b"))).isEqualTo("a and b");
    assertThat(PlainWords.series(List.of("a", "b", "c"))).isEqualTo("a, b and c");
    assertThat(PlainWords.safeguard(Safeguard.SCC)).isEqualTo("Standard contractual clauses");
  }

  private static Map<String, String> cells(
      Policy p, java.util.function.Function<DataCategory, String> cell) {
    return p.categories().stream().collect(Collectors.toMap(DataCategory::id, cell));
  }
}
