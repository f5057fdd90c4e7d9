package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The README's way of configuring a hosted model: environment variables such as {@code
 * PLEDGE_IMAGES_PROVIDERS_QWENIMAGEEDIT_APIKEY} reach the provider's settings under the names it
 * reads ({@code api-key}, {@code base-url}), although the variable has neither the id's dashes nor
 * the key's.
 */
class ProviderSettingsFromEnvironmentTest {

  static EditProvider provider(String id) {
    return new EditProvider() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Optional<String> processor(ProviderSettings settings) {
        return Optional.empty();
      }

      @Override
      public Set<String> regions() {
        return Set.of();
      }

      @Override
      public Set<Operation> operations() {
        return Set.of();
      }

      @Override
      public EditResult run(EditRequest request, Progress progress) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  @DisplayName(
      "a DashScope key and the China endpoint, and an OpenAI-compatible endpoint, from env")
  void fromEnvironmentVariables() {
    StandardEnvironment environment = new StandardEnvironment();
    environment
        .getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "test-systemEnvironment", // named like the real one, so Spring maps its names
                Map.of(
                    "PLEDGE_IMAGES_PROVIDERS_QWENIMAGEEDIT_APIKEY", "sk-beijing",
                    "PLEDGE_IMAGES_PROVIDERS_QWENIMAGEEDIT_BASEURL",
                        "https://dashscope.aliyuncs.com",
                    "PLEDGE_IMAGES_PROVIDERS_OPENAI_APIKEY", "sk-compatible",
                    "PLEDGE_IMAGES_PROVIDERS_OPENAI_BASEURL", "https://images.example.com",
                    "PLEDGE_IMAGES_PROVIDERS_OPENAI_MODEL", "my-image-model")));
    EditProvider qwen = provider("qwen-image-edit");
    EditProvider openai = provider("openai");
    ImageProviders providers =
        new ImageProviders(List.of(qwen, openai), environment, null, null, null);

    ProviderSettings q = providers.settings(qwen);
    assertThat(q.get("api-key")).contains("sk-beijing");
    assertThat(q.get("base-url")).contains("https://dashscope.aliyuncs.com");
    ProviderSettings o = providers.settings(openai);
    assertThat(o.get("api-key")).contains("sk-compatible");
    assertThat(o.get("base-url")).contains("https://images.example.com");
    assertThat(o.get("model")).contains("my-image-model");
    assertThat(providers.settings(provider("elsewhere")).asMap()).isEmpty();
  }
}
