package dev.pledge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pledge.policy.LoadResult;
import dev.pledge.policy.PolicyLoader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes the policy reader: any text an operator pastes is either a policy or a list of problems,
 * never an exception. Seeds:
 * src/test/resources/dev/pledge/server/security/PolicyYamlFuzzTestInputs.
 */
@Tag("B-13")
class PolicyYamlFuzzTest {

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: policy YAML is read into a policy or problems, never an exception")
  void policyYaml(byte[] input) {
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    LoadResult result = PolicyLoader.parse(text, "fuzz.yaml");
    assertThat(result.ok() ? result.policy() : result.problems()).isNotNull();
    if (!result.ok()) {
      assertThat(result.problems()).isNotEmpty();
    }
  }
}
