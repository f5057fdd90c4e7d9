package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.LoadResult;
import dev.pledge.policy.PolicyLoader;
import dev.pledge.policy.Purpose;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The "your data" page in 简体中文 names every category and purpose of the studio's policy in Chinese:
 * a category added to the policy without its translation showed its English title in the middle of
 * a Chinese page ("Passkeys being added").
 */
class PolicyWordsTest {

  static final Path POLICY = Path.of("../policies/image-studio.yaml");

  @Test
  @DisplayName("every collected category and every purpose of the studio policy has Chinese words")
  void everyTitleTranslated() throws Exception {
    LoadResult loaded = PolicyLoader.parse(Files.readString(POLICY), "image-studio.yaml");
    assertThat(loaded.ok()).as("%s", loaded.problems()).isTrue();
    PolicyWords words = new PolicyWords();
    List<String> missing = new ArrayList<>();
    for (DataCategory c : loaded.policy().categories()) {
      if (c.purposes().isEmpty()) {
        continue; // not collected: not on the page
      }
      if (words.category(c.id(), c.title(), Locale.SIMPLIFIED_CHINESE).equals(c.title())) {
        missing.add("category." + c.id());
      }
    }
    for (Purpose p : loaded.policy().purposes()) {
      if (words.purpose(p.id(), p.title(), Locale.SIMPLIFIED_CHINESE).equals(p.title())) {
        missing.add("purpose." + p.id());
      }
    }
    assertThat(missing).as("keys missing from %s", PolicyWords.CHINESE).isEmpty();
    assertThat(words.category("user.account.identity", "Name", Locale.UK)).isEqualTo("Name");
  }
}
