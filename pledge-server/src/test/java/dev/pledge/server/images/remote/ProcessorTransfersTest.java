package dev.pledge.server.images.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.LoadResult;
import dev.pledge.policy.Policy;
import dev.pledge.policy.PolicyLoader;
import dev.pledge.server.images.remote.ProcessorTransfers.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** B-25, B-31: a hosted model is used only as the studio's policy declares it. */
class ProcessorTransfersTest {

  static final Path POLICY = Path.of("../policies/image-studio.yaml");
  static final String AI = "Example AI Model Provider";

  private static Policy policy(String from, String to) throws Exception {
    String yaml = Files.readString(POLICY);
    if (from != null) {
      assertThat(yaml).contains(from);
      yaml = yaml.replace(from, to);
    }
    LoadResult loaded = PolicyLoader.parse(yaml, "image-studio.yaml");
    assertThat(loaded.ok()).as("%s", loaded.problems()).isTrue();
    return loaded.policy();
  }

  @Test
  @DisplayName(
      "B-25 the AI model provider is a declared processor of the images and prompts, in apac")
  void declared() throws Exception {
    Policy p = policy(null, null);
    var processor = p.processors().stream().filter(x -> x.name().equals(AI)).findFirst();
    assertThat(processor).isPresent();
    assertThat(processor.get().region()).isEqualTo("apac");
    assertThat(processor.get().categories())
        .contains("user.content.source_images", "user.content.prompts");
  }

  @Test
  @DisplayName("B-31 with the shipped policy: apac needs no transfer, eu and us go under SCCs")
  void shippedPolicy() throws Exception {
    Policy p = policy(null, null);
    assertThat(ProcessorTransfers.check(p, AI, "apac", false))
        .isEqualTo(new Verdict.Allowed(java.util.Optional.empty()));
    Verdict eu = ProcessorTransfers.check(p, AI, "eu", false);
    assertThat(eu).isInstanceOf(Verdict.Allowed.class);
    assertThat(((Verdict.Allowed) eu).transfer().orElseThrow().safeguard().key()).isEqualTo("scc");
    assertThat(ProcessorTransfers.check(p, AI, "us", false)).isInstanceOf(Verdict.Allowed.class);
  }

  @Test
  @DisplayName("B-25 an undeclared processor is refused, whatever the region")
  void undeclared() throws Exception {
    Verdict v = ProcessorTransfers.check(policy(null, null), "Some Other Model Co.", "apac", true);
    assertThat(v)
        .isEqualTo(
            new Verdict.Refused(
                "images.provider.undeclared", java.util.List.of("Some Other Model Co.")));
  }

  @Test
  @DisplayName("B-31 a region with no declared transfer to apac is refused")
  void noTransfer() throws Exception {
    Policy p =
        policy(
            "  - from: us\n    to: apac\n    safeguard: scc\n",
            "  - from: us\n    to: eu\n    safeguard: scc\n");
    Verdict v = ProcessorTransfers.check(p, AI, "us", true);
    assertThat(v).isInstanceOf(Verdict.Refused.class);
    assertThat(((Verdict.Refused) v).reason()).isEqualTo("images.provider.region");
    assertThat(ProcessorTransfers.check(p, AI, null, true)).isInstanceOf(Verdict.Refused.class);
  }

  @Test
  @DisplayName("B-31 a transfer that rests on consent needs the person's agreement for that edit")
  void consent() throws Exception {
    // Without the SCC route from the EU, only the consent route is left.
    Policy p =
        policy(
            "  - from: eu\n    to: apac\n    safeguard: scc\n",
            "  - from: eu\n    to: us\n    safeguard: bcr\n");
    Verdict without = ProcessorTransfers.check(p, AI, "eu", false);
    assertThat(without)
        .isEqualTo(new Verdict.Refused("images.provider.consent", java.util.List.of(AI, "apac")));
    assertThat(ProcessorTransfers.consented(java.util.Map.of("transfer-consent", "yes"))).isTrue();
    assertThat(ProcessorTransfers.consented(java.util.Map.of("transfer-consent", "no"))).isFalse();
    assertThat(ProcessorTransfers.consented(java.util.Map.of())).isFalse();
    Verdict with =
        ProcessorTransfers.check(
            p, AI, "eu", ProcessorTransfers.consented(java.util.Map.of("transfer-consent", "yes")));
    assertThat(with).isInstanceOf(Verdict.Allowed.class);
    assertThat(((Verdict.Allowed) with).transfer().orElseThrow().safeguard().key())
        .isEqualTo("consent");
  }
}
