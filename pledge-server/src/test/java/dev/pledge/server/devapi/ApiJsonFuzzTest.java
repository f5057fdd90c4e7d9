package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.security.FuzzBudget;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Fuzzes the API's JSON bodies with the mapper Spring builds for the server: a body binds to its
 * request type or fails as unreadable JSON (answered 400), and what the edit endpoint then reads
 * from a bound body never throws.
 */
@Tag("B-13")
class ApiJsonFuzzTest {

  private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: API JSON bodies bind or are refused as unreadable")
  void apiJson(byte[] input) {
    try {
      ImagesEndpoints.EditJson edit = JSON.readValue(input, ImagesEndpoints.EditJson.class);
      if (edit != null) {
        assertThat(new TreeMap<>(edit.settings)).doesNotContainKey(null);
      }
    } catch (java.io.IOException unreadable) {
      // HttpMessageNotReadableException: a 400 problem
    }
    try {
      WebhooksEndpoints.WebhookRequest hook =
          JSON.readValue(input, WebhooksEndpoints.WebhookRequest.class);
      if (hook != null && hook.events() != null) {
        hook.events().forEach(e -> {});
      }
    } catch (java.io.IOException unreadable) {
      // a 400 problem
    }
  }
}
