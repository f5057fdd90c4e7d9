package dev.pledge.server.images.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.images.EditFailed;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import dev.pledge.server.images.EditResult;
import dev.pledge.server.images.Progress;
import dev.pledge.server.images.ProviderSettings;
import dev.pledge.server.images.remote.StandIn.Answer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** An OpenAI-compatible /v1/images/edits endpoint, against a local stand-in. */
class OpenAiImageEditsTest {

  static final String PATH = OpenAiImageEdits.PATH;
  static final String KEY = "sk-openai-test-key";

  StandIn standIn;
  final List<Duration> slept = new ArrayList<>();
  final OpenAiImageEdits provider = new OpenAiImageEdits(slept::add);

  @BeforeEach
  void start() throws Exception {
    standIn = new StandIn();
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  Map<String, String> settings() {
    Map<String, String> s = new HashMap<>();
    s.put("api-key", KEY);
    s.put("base-url", standIn.base());
    s.put("model", "gpt-image-1");
    s.put("size", "1024x1024");
    return s;
  }

  EditRequest request(String prompt, Map<String, String> settings) throws Exception {
    return new EditRequest(
        QwenImageEditTest.png(10, 10),
        "image/png",
        "prompt",
        Map.of(),
        prompt,
        Locale.CHINA,
        ProviderSettings.of(settings),
        4_000_000);
  }

  /** The parts of a multipart/form-data body: name → (filename or null, content type, bytes). */
  record Part(String filename, String contentType, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  static Map<String, Part> parts(StandIn.Received r) {
    String type = r.header("Content-Type");
    assertThat(type).startsWith("multipart/form-data; boundary=");
    byte[] delimiter =
        ("--" + type.substring(type.indexOf("boundary=") + 9))
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] body = r.body();
    Map<String, Part> parts = new LinkedHashMap<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (body[start] == '-' && body[start + 1] == '-') {
        break;
      }
      start += 2; // CRLF
      int next = indexOf(body, delimiter, start);
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
      String headers = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
      byte[] content = Arrays.copyOfRange(body, headerEnd + 4, next - 2);
      var nameMatch = java.util.regex.Pattern.compile("; name=\"([^\"]+)\"").matcher(headers);
      assertThat(nameMatch.find()).isTrue();
      String name = nameMatch.group(1);
      String filename =
          headers.contains("filename=\"")
              ? headers.replaceAll("(?s).*filename=\"([^\"]+)\".*", "$1")
              : null;
      String partType = headers.replaceAll("(?s).*Content-Type: ([^\r\n]+).*", "$1");
      parts.put(name, new Part(filename, partType, content));
      at = next;
    }
    return parts;
  }

  private static int indexOf(byte[] data, byte[] pattern, int from) {
    outer:
    for (int i = from; i <= data.length - pattern.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (data[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  @DisplayName(
      "B-06 the documented multipart request (image, prompt in Chinese, model, n, size, b64_json) and a base64 answer")
  void b64Answer() throws Exception {
    byte[] result = QwenImageEditTest.png(16, 16);
    standIn.on(
        PATH,
        Answer.json(
            200,
            "{\"created\":1740418043,\"data\":[{\"b64_json\":\""
                + Base64.getEncoder().encodeToString(result)
                + "\",\"revised_prompt\":null}]}"));
    EditRequest request = request("给猫戴上一顶红色的帽子", settings());
    EditResult out = provider.run(request, Progress.ignored());
    assertThat(out.image()).isEqualTo(result);
    assertThat(out.contentType()).isEqualTo("image/png");
    assertThat(out.model()).isEqualTo("gpt-image-1");

    StandIn.Received sent = standIn.to(PATH).get(0);
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.header("Authorization")).isEqualTo("Bearer " + KEY);
    Map<String, Part> parts = parts(sent);
    assertThat(parts).containsOnlyKeys("image", "prompt", "model", "n", "size", "response_format");
    assertThat(parts.get("image").filename()).isEqualTo("image.png");
    assertThat(parts.get("image").contentType()).isEqualTo("image/png");
    assertThat(parts.get("image").bytes()).isEqualTo(request.image());
    assertThat(parts.get("prompt").text()).isEqualTo("给猫戴上一顶红色的帽子");
    assertThat(parts.get("model").text()).isEqualTo("gpt-image-1");
    assertThat(parts.get("n").text()).isEqualTo("1");
    assertThat(parts.get("size").text()).isEqualTo("1024x1024");
    assertThat(parts.get("response_format").text()).isEqualTo("b64_json");
  }

  @Test
  @DisplayName("a URL answer is downloaded at once; the stored copy is ours")
  void urlAnswer() throws Exception {
    byte[] result = QwenImageEditTest.png(20, 10);
    standIn
        .on(
            PATH,
            Answer.json(
                200,
                "{\"created\":1,\"data\":[{\"url\":\"" + standIn.base() + "/files/out.png\"}]}"))
        .on("/files/out.png", new Answer(200, Map.of("Content-Type", "image/png"), result, 0));
    Map<String, String> s = settings();
    s.put("response-format", "url");
    EditResult out = provider.run(request("make it night", s), Progress.ignored());
    assertThat(out.image()).isEqualTo(result);
    assertThat(parts(standIn.to(PATH).get(0)).get("response_format").text()).isEqualTo("url");
  }

  @Test
  @DisplayName("429 with Retry-After is waited out and retried; errors are clear and hold no key")
  void rateLimitAndErrors() throws Exception {
    byte[] result = QwenImageEditTest.png(4, 4);
    standIn.on(
        PATH,
        Answer.json(
                429,
                "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}")
            .with("Retry-After", "3"),
        Answer.json(
            200,
            "{\"data\":[{\"b64_json\":\"" + Base64.getEncoder().encodeToString(result) + "\"}]}"));
    assertThat(provider.run(request("x", settings()), Progress.ignored()).image())
        .isEqualTo(result);
    assertThat(slept).containsExactly(Duration.ofSeconds(3));

    standIn.on(
        PATH,
        Answer.json(
            400,
            "{\"error\":{\"message\":\"Invalid image file.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_image\"}}"));
    assertThatThrownBy(() -> provider.run(request("x", settings()), Progress.ignored()))
        .isInstanceOfSatisfying(
            EditRefused.class,
            e -> assertThat(e.arguments()).containsExactly("Invalid image file."))
        .hasMessage("images.remote.bad-request");
    standIn.on(
        PATH,
        Answer.json(
            400,
            "{\"error\":{\"message\":\"Your request was rejected by the safety system.\",\"type\":\"image_generation_user_error\",\"code\":\"moderation_blocked\"}}"));
    assertThatThrownBy(() -> provider.run(request("x", settings()), Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.remote.content-refused");
    standIn.on(
        PATH,
        Answer.json(
            401,
            "{\"error\":{\"message\":\"Incorrect API key provided: sk-op***key.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
    assertThatThrownBy(() -> provider.run(request("x", settings()), Progress.ignored()))
        .isInstanceOfSatisfying(EditFailed.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("pledge.images.providers.openai.api-key")
        .hasMessageNotContaining(KEY);
  }

  @Test
  @DisplayName(
      "a service that does not answer in time is given up on after each attempt's limit, then a"
          + " retryable failure for the job system")
  void timeout() throws Exception {
    standIn.on(PATH, Answer.json(200, "{\"data\":[]}").delayed(3_000));
    Map<String, String> s = settings();
    s.put("timeout", "PT0.3S");
    s.put("max-attempts", "2");
    assertThatThrownBy(() -> provider.run(request("x", s), Progress.ignored()))
        .isInstanceOfSatisfying(EditFailed.class, e -> assertThat(e.retryable()).isTrue())
        .hasMessageContaining("no answer")
        .hasMessageNotContaining(KEY);
    assertThat(standIn.to(PATH)).hasSize(2);
    assertThat(slept).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  @DisplayName("an answer that is not an image is a failure, not a stored result")
  void notAnImage() throws Exception {
    standIn.on(
        PATH,
        Answer.json(
            200,
            "{\"data\":[{\"b64_json\":\""
                + Base64.getEncoder().encodeToString("<html>".getBytes())
                + "\"}]}"));
    assertThatThrownBy(() -> provider.run(request("x", settings()), Progress.ignored()))
        .isInstanceOf(EditFailed.class)
        .hasMessageContaining("not an image");
  }
}
