package dev.pledge.server.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.WithRunningServer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The one processor gate (B-25, B-31) against the shipped studio policy: a processor not declared
 * for a category, or in a region no transfer reaches, is refused and nothing is counted; what it
 * lets through is counted per processor and category.
 */
@WithRunningServer
@Tag("B-25")
@Tag("B-31")
class ProcessorGateTest {

  static final String STUDIO = "image-studio";
  static final String AI = "Example AI Model Provider";
  static final String ANALYTICS = "Example Analytics Co.";
  static final String SUPPORT = "Example Support Desk Inc.";
  static final String IMAGES = "user.content.source_images";

  @Autowired ProcessorGate gate;
  @Autowired DataFlows flows;

  long sent(String processor, String category) {
    return flows.of(STUDIO).stream()
        .filter(f -> f.name().equals(processor))
        .findFirst()
        .map(f -> f.sent().getOrDefault(category, 0L))
        .orElse(-1L);
  }

  @Test
  @DisplayName("B-25 a processor not declared for a category is refused, and nothing is counted")
  void undeclaredCategory() {
    long before = sent(ANALYTICS, IMAGES);
    assertThatThrownBy(() -> gate.send(STUDIO, ANALYTICS, null, false, List.of(IMAGES)))
        .isInstanceOfSatisfying(
            ProcessorRefused.class,
            r -> assertThat(r.reason()).isEqualTo(ProcessorRefused.Reason.UNDECLARED))
        .hasMessageContaining(IMAGES)
        .hasMessageContaining(ANALYTICS)
        .hasMessageContaining("does not declare");
    assertThat(sent(ANALYTICS, IMAGES)).isEqualTo(before);
  }

  @Test
  @DisplayName("B-25 a processor the policy does not list at all is refused, naming those it lists")
  void unlistedProcessor() {
    assertThatThrownBy(() -> gate.send(STUDIO, "Shadow Models Inc.", IMAGES))
        .isInstanceOf(ProcessorRefused.class)
        .hasMessageContaining("lists no processor of that name")
        .hasMessageContaining(AI);
    assertThat(flows.of(STUDIO))
        .extracting(DataFlows.Flow::name)
        .doesNotContain("Shadow Models Inc.");
  }

  @Test
  @DisplayName("B-31 data is refused a processor in a region no declared transfer reaches")
  void undeclaredTransfer() {
    // The support desk works in the US under SCCs; from Asia-Pacific only BCRs lead to the US.
    assertThatThrownBy(
            () -> gate.send(STUDIO, SUPPORT, "apac", false, List.of("user.account.identity")))
        .isInstanceOfSatisfying(
            ProcessorRefused.class,
            r -> assertThat(r.reason()).isEqualTo(ProcessorRefused.Reason.REGION))
        .hasMessageContaining("no transfer from apac to us");
    long before = sent(SUPPORT, "user.account.identity");
    gate.send(STUDIO, SUPPORT, "eu", false, List.of("user.account.identity"));
    assertThat(sent(SUPPORT, "user.account.identity")).isEqualTo(before + 1);
  }

  @Test
  @DisplayName("B-25 what the gate lets through is counted per processor and category")
  void counted() {
    long images = sent(AI, IMAGES);
    long prompts = sent(AI, "user.content.prompts");
    gate.send(STUDIO, AI, "apac", false, List.of(IMAGES, "user.content.prompts"));
    gate.send(STUDIO, AI, "apac", false, List.of(IMAGES));
    assertThat(sent(AI, IMAGES)).isEqualTo(images + 2);
    assertThat(sent(AI, "user.content.prompts")).isEqualTo(prompts + 1);
    DataFlows.Flow ai =
        flows.of(STUDIO).stream().filter(f -> f.name().equals(AI)).findFirst().orElseThrow();
    assertThat(ai.region()).isEqualTo("apac");
    assertThat(ai.safeguard()).isEqualTo("scc");
    assertThat(ai.categories()).contains(IMAGES);
  }

  @Test
  @DisplayName("B-25 a setting naming an undeclared processor is a clear start-up error")
  void startUpCheck() {
    assertThatThrownBy(
            () ->
                gate.requireDeclared(
                    "pledge.images.providers.openai.processor",
                    STUDIO,
                    "Example AI Modle Provider",
                    List.of(IMAGES)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("pledge.images.providers.openai.processor")
        .hasMessageContaining("'Example AI Modle Provider'")
        .hasMessageContaining(AI);
    assertThatThrownBy(
            () ->
                gate.requireDeclared(
                    "pledge.studio.mail-relay-processor", STUDIO, ANALYTICS, List.of(IMAGES)))
        .hasMessageContaining("does not declare that it receives " + IMAGES);
    gate.requireDeclared("pledge.images.providers.openai.processor", STUDIO, AI, List.of(IMAGES));
  }
}
