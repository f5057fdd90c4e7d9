package dev.pledge.policy;

import static dev.pledge.policy.TestPolicies.imageStudio;
import static dev.pledge.policy.TestPolicies.referenceSite;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The GDPR Art. 30 record of processing activities. */
class PolicyRendererArt30Test {

  private static String record(Policy p) {
    return PolicyRenderer.render(p, PolicyRenderer.Format.ART30);
  }

  @Test
  @DisplayName("the record names the controller, its DPO and the policy version it reflects")
  void header() {
    assertThat(record(imageStudio()))
        .startsWith("# Record of processing activities — Image Studio\n")
        .contains(
            "generated from the privacy policy effective 1 January 2025, last reviewed 1 June 2025")
        .contains("## Controller")
        .contains("- **Name:** Image Studio Ltd")
        .contains("- **Postal address:** 1 Example Street, Dublin")
        .contains(
            "- **Data protection officer:** Dana Example, [dpo@studio.example](mailto:dpo@studio.example)");
  }

  @Test
  @Tag("B-25")
  @Tag("B-31")
  @DisplayName("B-25 B-31 each activity lists its data, subjects, recipients, transfers, retention")
  void activityPerPurpose() {
    String record = record(imageStudio());

    assertThat(record)
        .contains(
            """
            ## Billing

            Charging for plans and credits.

            - **Purpose id:** billing
            - **Categories of personal data:** Payment records (amount, date, plan)
            - **Categories of data subjects:** Users of Image Studio
            - **Legal basis:** A legal obligation (GDPR Art. 6(1)(c))
            - **Recipients:** Stripe (payments, United States)
            - **Transfers and safeguards:** Stripe in United States: Standard contractual clauses
            - **Retention:** Payment records: Up to 7 years, then deleted; kept 7 years under legal hold (tax law) even after an erasure request
            - **Security measures:** Encryption at rest; Multi-factor authentication
            """);
    assertThat(record)
        .contains("- **Recipients:** Alibaba Cloud Model Studio (ai-model, Asia-Pacific)")
        .contains("- **Transfers and safeguards:** None to third countries for this purpose");
  }

  @Test
  @Tag("B-25")
  @Tag("B-31")
  @DisplayName("B-25 B-31 the record carries the processor register and the transfer table")
  void processorsAndTransfers() {
    String record = record(imageStudio());

    assertThat(record)
        .contains("## Processors (Art. 28)")
        .contains(
            "| Alibaba Cloud Model Studio | ai-model | Runs image edits | Source images, Edited images"
                + " | Asia-Pacific | Standard contractual clauses |")
        .contains(
            "| Example Cloud | cloud | Hosting | Account data, Editing history | European Union | None needed |")
        .contains("## Transfers to third countries (Art. 30(1)(e))")
        .contains(
            "| European Union | United States | Standard contractual clauses | Payments by Stripe |")
        .contains("## Technical and organisational security measures (Art. 32)")
        .contains("- Encryption at rest: AES-256-GCM, one key per person.")
        .contains("## Disclosures to public authorities");
  }

  @Test
  @DisplayName("a processor without a stated region or role is listed without them")
  void processorWithoutRegion() {
    TestPolicies.Draft d = TestPolicies.draft(imageStudio());
    d.processors.set(
        0,
        new Processor(
            "Stripe",
            null,
            "Card payments",
            List.of("user.financial.payments"),
            null,
            Safeguard.SCC));
    String record = record(d.build());

    assertThat(record)
        .contains("- **Recipients:** Stripe\n")
        .contains("- **Transfers and safeguards:** Stripe: Standard contractual clauses\n");
  }

  @Test
  @DisplayName("a static site's record: visitors and correspondents, no recipients, no transfers")
  void staticSite() {
    String record = record(referenceSite());

    assertThat(record)
        .contains("## Editorial decisions")
        .contains("- **Categories of data subjects:** Visitors of qwen.co.com")
        .contains("- **Categories of data subjects:** People who contact qwen.co.com")
        .contains("- **Recipients:** None outside the controller")
        .contains(
            "- **Retention:** Email correspondence: Duration of exchange plus up to 12 months")
        .doesNotContain("Account credentials")
        .doesNotContain("## Processors");
  }
}
