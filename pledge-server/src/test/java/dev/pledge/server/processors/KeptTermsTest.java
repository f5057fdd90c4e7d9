package dev.pledge.server.processors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.LoadResult;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * B-37: who has not agreed to a policy change keeps the terms before it for what needs consent — a
 * transfer that rests on consent and came with the change is refused them, even with the edit's
 * agreement, while transfers on their own safeguard and everyone else are unaffected.
 */
@Tag("B-37")
class KeptTermsTest {

  static final Path POLICY = Path.of("../policies/image-studio.yaml");
  static final String AI = "Example AI Model Provider";
  static final List<String> IMAGES = List.of("user.content.source_images");
  static final String SCC_EU_APAC = "  - from: eu\n    to: apac\n    safeguard: scc\n";
  static final String CONSENT_EU_APAC = "  - from: eu\n    to: apac\n    safeguard: consent\n";

  private static Policy policy(String yaml) {
    LoadResult loaded = PolicyLoader.parse(yaml, "image-studio.yaml");
    assertThat(loaded.ok()).as("%s", loaded.problems()).isTrue();
    return loaded.policy();
  }

  /** The current version: from the EU, the hosted model is reached only with consent. */
  private static String current() throws Exception {
    String yaml = Files.readString(POLICY);
    assertThat(yaml).contains(SCC_EU_APAC).contains(CONSENT_EU_APAC);
    return yaml.replace(SCC_EU_APAC, "  - from: eu\n    to: us\n    safeguard: bcr\n");
  }

  /** The version before it, which had no consent-based route from the EU to Asia-Pacific. */
  private static String earlier() throws Exception {
    return current().replace(CONSENT_EU_APAC, "  - from: eu\n    to: us\n    safeguard: consent\n");
  }

  @Test
  @DisplayName(
      "B-37 a consent-based transfer added by a change the person did not agree to is refused them")
  void refusedUnderKeptTerms() throws Exception {
    Policy now = policy(current());
    Policy before = policy(earlier());
    // The current policy alone allows the edit with the person's agreement.
    assertThat(ProcessorRules.refusal(now, AI, "eu", true, IMAGES)).isEmpty();

    assertThat(ProcessorRules.refusalUnderKeptTerms(now, List.of(before), AI, "eu", IMAGES))
        .hasValueSatisfying(
            r -> {
              assertThat(r.reason()).isEqualTo(ProcessorRefused.Reason.NOT_AGREED);
              assertThat(r.processor()).isEqualTo(AI);
              assertThat(r.region()).isEqualTo("apac");
              assertThat(r.getMessage())
                  .contains("rests on consent")
                  .contains("has not agreed")
                  .contains("from eu");
            });
    // Nobody kept earlier terms, or the earlier terms had that route too: allowed.
    assertThat(ProcessorRules.refusalUnderKeptTerms(now, List.of(), AI, "eu", IMAGES)).isEmpty();
    assertThat(ProcessorRules.refusalUnderKeptTerms(now, List.of(now), AI, "eu", IMAGES)).isEmpty();
  }

  @Test
  @DisplayName(
      "B-37 transfers on their own safeguard, and data not leaving its region, are not gated")
  void notConsentBased() throws Exception {
    Policy now = policy(current());
    // Even an earlier version without the processor at all does not gate what needs no consent.
    Policy bare =
        policy(
            Files.readString(POLICY)
                .replace(
                    "  - name: Example AI Model Provider\n",
                    "  - name: Example Old Model Provider\n"));
    assertThat(ProcessorRules.refusalUnderKeptTerms(now, List.of(bare), AI, "us", IMAGES))
        .as("us to apac stands on SCCs")
        .isEmpty();
    assertThat(ProcessorRules.refusalUnderKeptTerms(now, List.of(bare), AI, "apac", IMAGES))
        .as("no transfer at all")
        .isEmpty();
    assertThat(ProcessorRules.refusalUnderKeptTerms(now, List.of(bare), AI, "eu", IMAGES))
        .as("eu to apac rests on consent here")
        .isPresent();
  }
}
