package dev.pledge.server.consent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.PolicyLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The cookie inventory read from the shipped policies, and its consent revision: it changes when
 * consent-relevant content changes (the banner asks again) and not when the words around it do.
 */
class CookieInventoryTest {

  static final Path STUDIO = Path.of("..", "policies", "image-studio.yaml");

  static CookieInventory load(String yaml) {
    var result = PolicyLoader.parse(yaml, "test.yaml");
    assertThat(result.problems()).isEmpty();
    return CookieInventory.of(result.policy());
  }

  @Test
  @DisplayName("B-30 the studio's inventory: five categories, only essential without consent")
  void studioInventory() throws Exception {
    CookieInventory studio = load(Files.readString(STUDIO));
    assertThat(studio.categories())
        .extracting(c -> c.id())
        .containsExactly("essential", "performance", "preference", "security", "marketing");
    assertThat(studio.essentialCategories()).containsExactly("essential");
    assertThat(studio.consentCategories())
        .containsExactly("performance", "preference", "security", "marketing");
    assertThat(studio.cookie("cc_cookie"))
        .get()
        .satisfies(c -> assertThat(c.firstParty()).isTrue());
    assertThat(studio.needsConsent("essential")).isFalse();
    assertThat(studio.needsConsent("undeclared")).as("unknown categories need consent").isTrue();
  }

  @Test
  @DisplayName("A-12 the reference site declares no cookie at all")
  void referenceSiteHasNone() throws Exception {
    CookieInventory site = load(Files.readString(Path.of("..", "policies", "reference-site.yaml")));
    assertThat(site.cookies()).isEmpty();
    assertThat(site.consentCategories()).isEmpty();
  }

  @Test
  @DisplayName("B-30 the consent revision changes with a new cookie, category or consent rule only")
  void revisionFollowsConsentRelevantContent() throws Exception {
    String yaml = Files.readString(STUDIO);
    int revision = load(yaml).revision();
    assertThat(revision).isNotNegative();

    String reworded =
        yaml.replace(
            "purpose: Keeps you signed in.", "purpose: Keeps you signed in while you edit.");
    assertThat(reworded).isNotEqualTo(yaml);
    assertThat(load(reworded).revision()).as("a reworded purpose").isEqualTo(revision);

    String newCookie =
        yaml.replace(
            "cookies:\n",
            "cookies:\n  - name: theme\n    category: preference\n    purpose: Dark or light.\n"
                + "    lifetime: P365D\n    first-party: true\n");
    assertThat(load(newCookie).revision()).as("a new cookie").isNotEqualTo(revision);

    String longer = yaml.replace("lifetime: P182D", "lifetime: P365D");
    assertThat(longer).isNotEqualTo(yaml);
    assertThat(load(longer).revision()).as("a longer lifetime").isNotEqualTo(revision);
  }
}
