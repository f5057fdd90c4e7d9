package dev.pledge.server.images.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.images.EditFailed;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import dev.pledge.server.images.EditResult;
import dev.pledge.server.images.Progress;
import dev.pledge.server.images.ProviderSettings;
import dev.pledge.server.images.remote.StandIn.Answer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Alibaba Model Studio's qwen-image-edit, against a local stand-in speaking DashScope's documented
 * multimodal-generation format (request, answer with a result URL, errors, rate limits).
 */
class QwenImageEditTest {

  static final String PATH = QwenImageEdit.PATH;
  static final String KEY = "sk-test-0123456789";
  static final ObjectMapper JSON = new ObjectMapper();

  StandIn standIn;
  final List<Duration> slept = new ArrayList<>();
  final QwenImageEdit provider = new QwenImageEdit(slept::add);

  @BeforeEach
  void start() throws Exception {
    standIn = new StandIn();
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  static byte[] png(int w, int h) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  Map<String, String> settings() {
    Map<String, String> s = new HashMap<>();
    s.put("api-key", KEY);
    s.put("base-url", standIn.base() + "/");
    s.put("timeout", "PT5S");
    return s;
  }

  EditRequest request(
      String operation,
      Map<String, String> params,
      String prompt,
      Locale locale,
      Map<String, String> settings)
      throws Exception {
    return new EditRequest(
        png(8, 6),
        "image/png",
        operation,
        params,
        prompt,
        locale,
        ProviderSettings.of(settings),
        4_000_000);
  }

  String success() {
    return "{\"output\":{\"choices\":[{\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\","
        + "\"content\":[{\"image\":\""
        + standIn.base()
        + "/results/1.png?Expires=1\"}]}}]},"
        + "\"usage\":{\"width\":1248,\"height\":832,\"image_count\":1},\"request_id\":\"r-1\"}";
  }

  @Test
  @DisplayName(
      "B-06 a semantic edit in Chinese: the documented request, the result URL downloaded at once")
  void semanticEdit() throws Exception {
    byte[] result = png(12, 9);
    standIn
        .on(PATH, Answer.json(200, success()))
        .on("/results/1.png", new Answer(200, Map.of("Content-Type", "image/png"), result, 0));
    EditRequest request = request("prompt", Map.of(), "把天空换成晚霞", Locale.CHINA, settings());
    List<String> progress = new ArrayList<>();
    EditResult out = provider.run(request, (f, m) -> progress.add(m));

    assertThat(out.image()).isEqualTo(result);
    assertThat(out.contentType()).isEqualTo("image/png");
    assertThat(out.model()).isEqualTo("qwen-image-edit");
    assertThat(standIn.to("/results/1.png")).hasSize(1);
    var sent = standIn.to(PATH);
    assertThat(sent).hasSize(1);
    assertThat(sent.get(0).method()).isEqualTo("POST");
    assertThat(sent.get(0).header("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(sent.get(0).header("Content-Type")).startsWith("application/json");
    JsonNode body = JSON.readTree(sent.get(0).body());
    assertThat(body.path("model").asText()).isEqualTo("qwen-image-edit");
    JsonNode message = body.path("input").path("messages").path(0);
    assertThat(message.path("role").asText()).isEqualTo("user");
    String image = message.path("content").path(0).path("image").asText();
    assertThat(image).startsWith("data:image/png;base64,");
    assertThat(Base64.getDecoder().decode(image.substring(image.indexOf(',') + 1)))
        .isEqualTo(request.image());
    assertThat(message.path("content").path(1).path("text").asText()).isEqualTo("把天空换成晚霞");
    assertThat(body.path("parameters").path("watermark").asBoolean(true)).isFalse();
    assertThat(progress).contains("images.progress.sending", "images.progress.downloading");
    assertThat(slept).isEmpty();
  }

  @Test
  @DisplayName("B-06 text and style edits are written for the model in the user's language")
  void textAndStyleEdits() throws Exception {
    standIn
        .on(PATH, Answer.json(200, success()))
        .on("/results/1.png", new Answer(200, Map.of(), png(4, 4), 0));
    provider.run(
        request("text-edit", Map.of("from", "春季新品", "to", "夏季特卖"), "", Locale.CHINA, settings()),
        Progress.ignored());
    provider.run(
        request(
            "style-transfer",
            Map.of("style", "watercolour"),
            "soft light",
            Locale.ENGLISH,
            settings()),
        Progress.ignored());
    var sent = standIn.to(PATH);
    String zh = JSON.readTree(sent.get(0).body()).at("/input/messages/0/content/1/text").asText();
    String en = JSON.readTree(sent.get(1).body()).at("/input/messages/0/content/1/text").asText();
    assertThat(zh).contains("“春季新品”").contains("“夏季特卖”").contains("字体");
    assertThat(en).contains("watercolour").endsWith("soft light");
    assertThatThrownBy(
            () ->
                provider.run(
                    request("text-edit", Map.of("from", "x"), "", Locale.ENGLISH, settings()),
                    Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.remote.text-needed");
  }

  @Test
  @DisplayName("a rate limit (429) is retried after the Retry-After the service asked for")
  void rateLimitThenSuccess() throws Exception {
    standIn
        .on(
            PATH,
            Answer.json(
                    429,
                    "{\"code\":\"Throttling.RateQuota\",\"message\":\"Requests rate limit exceeded\"}")
                .with("Retry-After", "2"),
            Answer.json(200, success()))
        .on("/results/1.png", new Answer(200, Map.of(), png(4, 4), 0));
    provider.run(
        request("prompt", Map.of(), "make it snow", Locale.ENGLISH, settings()),
        Progress.ignored());
    assertThat(standIn.to(PATH)).hasSize(2);
    assertThat(slept).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  @DisplayName(
      "a rate limit asking for a longer wait than allowed is handed back as retryable, not slept")
  void longRateLimit() throws Exception {
    standIn.on(PATH, Answer.json(429, "{\"code\":\"Throttling\"}").with("Retry-After", "600"));
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, settings()),
                    Progress.ignored()))
        .isInstanceOfSatisfying(EditFailed.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("600 s");
    assertThat(standIn.to(PATH)).hasSize(1);
    assertThat(slept).isEmpty();
  }

  @Test
  @DisplayName("server errors are retried with back-off (1 s, 2 s), then a retryable failure")
  void serverErrors() throws Exception {
    standIn.on(PATH, Answer.json(500, "{\"code\":\"InternalError\",\"message\":\"oops\"}"));
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, settings()),
                    Progress.ignored()))
        .isInstanceOfSatisfying(EditFailed.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("3 attempts")
        .hasMessageContaining("HTTP 500");
    assertThat(standIn.to(PATH)).hasSize(3);
    assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  @Test
  @DisplayName("a service that does not answer in time is given up on after each attempt's limit")
  void timeout() throws Exception {
    standIn.on(PATH, Answer.json(200, success()).delayed(3_000));
    Map<String, String> s = settings();
    s.put("timeout", "PT0.3S");
    s.put("max-attempts", "2");
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, s), Progress.ignored()))
        .isInstanceOfSatisfying(EditFailed.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("no answer");
    assertThat(slept).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName(
      "the service's own errors: content refused, a bad request, a wrong key — clear, no key in them")
  void errors() throws Exception {
    standIn.on(
        PATH,
        Answer.json(
            400,
            "{\"code\":\"DataInspectionFailed\",\"message\":\"Input data may contain inappropriate content.\",\"request_id\":\"r\"}"));
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, settings()),
                    Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.remote.content-refused");
    standIn.on(
        PATH,
        Answer.json(
            400, "{\"code\":\"InvalidParameter\",\"message\":\"The image size is too small.\"}"));
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, settings()),
                    Progress.ignored()))
        .isInstanceOfSatisfying(
            EditRefused.class,
            e -> assertThat(e.arguments()).containsExactly("The image size is too small."))
        .hasMessage("images.remote.bad-request");
    standIn.on(
        PATH,
        Answer.json(401, "{\"code\":\"InvalidApiKey\",\"message\":\"Invalid API-key provided.\"}"));
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, settings()),
                    Progress.ignored()))
        .isInstanceOfSatisfying(EditFailed.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("pledge.images.providers.qwen-image-edit.api-key")
        .hasMessageNotContaining(KEY);
    assertThat(slept).isEmpty();
  }

  @Test
  @DisplayName("a result larger than the limit is refused, and not kept")
  void resultTooLarge() throws Exception {
    standIn
        .on(PATH, Answer.json(200, success()))
        .on("/results/1.png", new Answer(200, Map.of(), new byte[4096], 0));
    Map<String, String> s = settings();
    s.put("max-result-bytes", "1024");
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, s), Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.remote.result-too-large");
  }

  @Test
  @DisplayName(
      "without a key the provider is not offered; the endpoints default to DashScope's international one")
  void configuration() throws Exception {
    assertThat(provider.available(ProviderSettings.none())).isFalse();
    assertThat(provider.available(ProviderSettings.of(Map.of("api-key", KEY)))).isTrue();
    // Bound from PLEDGE_IMAGES_PROVIDERS_QWENIMAGEEDIT_APIKEY, the key comes without its dash.
    assertThat(provider.available(ProviderSettings.of(Map.of("apikey", KEY)))).isTrue();
    assertThat(provider.processor(ProviderSettings.none())).isEmpty();
    assertThat(provider.processor(ProviderSettings.of(Map.of("processor", "Example AI Co."))))
        .contains("Example AI Co.");
    assertThat(QwenImageEdit.INTERNATIONAL).isEqualTo("https://dashscope-intl.aliyuncs.com");
    assertThat(QwenImageEdit.CHINA).isEqualTo("https://dashscope.aliyuncs.com");
    assertThatThrownBy(
            () ->
                provider.run(
                    request("prompt", Map.of(), "x", Locale.ENGLISH, Map.of()), Progress.ignored()))
        .isInstanceOf(EditFailed.class)
        .hasMessageContaining("pledge.images.providers.qwen-image-edit.api-key");
  }
}
