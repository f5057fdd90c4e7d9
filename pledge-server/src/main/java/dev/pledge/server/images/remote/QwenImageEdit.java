package dev.pledge.server.images.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pledge.server.images.EditFailed;
import dev.pledge.server.images.EditProvider;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import dev.pledge.server.images.EditResult;
import dev.pledge.server.images.Progress;
import dev.pledge.server.images.ProviderSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Alibaba Cloud Model Studio's {@code qwen-image-edit} (DashScope), through its documented
 * multimodal-generation call: {@code POST {base-url}/api/v1/services/aigc/multimodal-generation/
 * generation} with {@code Authorization: Bearer {api-key}} and a body of one user message whose
 * content is the image (a {@code data:} URI, base64) and the instruction text; the answer's {@code
 * output.choices[0].message.content[].image} is a URL to the result, valid for a day, which is
 * downloaded at once. Errors come as {@code {"code", "message", "request_id"}}.
 *
 * <p>Settings ({@code pledge.images.providers.qwen-image-edit.*}): {@code api-key} (without it the
 * provider is not offered), {@code base-url} ({@value #INTERNATIONAL}, the Singapore endpoint, by
 * default; {@value #CHINA} for the Beijing one — their keys differ), {@code model} ({@value
 * #MODEL}), {@code negative-prompt}, {@code watermark} (false), and those of {@link HostedCall}.
 *
 * <p>The image and the prompt go to the model provider: the policy's processor named by the {@code
 * processor} setting receives them, so the studio offers this provider only where the policy allows
 * the transfer (B-25, B-31).
 */
@Component
class QwenImageEdit implements EditProvider {

  static final String ID = "qwen-image-edit";
  static final String INTERNATIONAL = "https://dashscope-intl.aliyuncs.com";
  static final String CHINA = "https://dashscope.aliyuncs.com";
  static final String MODEL = "qwen-image-edit";
  static final String PATH = "/api/v1/services/aigc/multimodal-generation/generation";

  /** DashScope accepts input images of at most 10 MB. */
  static final int MAX_INPUT_BYTES = 10 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HostedCall.Sleeper sleeper;

  QwenImageEdit() {
    this(HostedCall.REAL_SLEEP);
  }

  QwenImageEdit(HostedCall.Sleeper sleeper) {
    this.sleeper = sleeper;
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<String> processor(ProviderSettings settings) {
    return settings.get("processor");
  }

  @Override
  public Set<String> regions() {
    return Set.of();
  }

  @Override
  public Set<Operation> operations() {
    return HostedEdits.OPERATIONS;
  }

  @Override
  public boolean available(ProviderSettings settings) {
    return settings.get("api-key").isPresent();
  }

  @Override
  public EditResult run(EditRequest request, Progress progress) throws EditRefused, EditFailed {
    ProviderSettings settings = request.settings();
    String key = settings.require("api-key", ID);
    String model = settings.get("model", MODEL);
    String instruction = HostedEdits.instruction(request);
    if (request.image().length > MAX_INPUT_BYTES) {
      throw new EditRefused("images.remote.image-too-large", MAX_INPUT_BYTES / 1_048_576);
    }
    URI endpoint = URI.create(stripSlash(settings.get("base-url", INTERNATIONAL)) + PATH);
    byte[] body = body(model, request, instruction, settings);
    HostedCall call = new HostedCall("Qwen-Image-Edit", settings, sleeper);
    progress.report(0.1, "images.progress.sending");
    HttpResponse<byte[]> response =
        call.send(
            () ->
                HttpRequest.newBuilder(endpoint)
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    JsonNode answer = parse(response.body());
    if (response.statusCode() != 200) {
      fail(response.statusCode(), answer);
    }
    String url = null;
    for (JsonNode part :
        answer.path("output").path("choices").path(0).path("message").path("content")) {
      if (part.hasNonNull("image")) {
        url = part.get("image").asText();
        break;
      }
    }
    if (url == null) {
      // An answer without an image is a failure of the service, with its code when it gave one.
      String code = answer.path("code").asText("");
      throw new EditFailed(
          "Qwen-Image-Edit answered without an image" + (code.isEmpty() ? "" : " (" + code + ")"),
          false);
    }
    HostedCall.Result result = call.download(url, progress);
    progress.report(1.0, null);
    return new EditResult(result.bytes(), result.contentType(), model, List.of());
  }

  static byte[] body(
      String model, EditRequest request, String instruction, ProviderSettings settings) {
    ObjectNode root = JSON.createObjectNode();
    root.put("model", model);
    ArrayNode content =
        root.putObject("input")
            .putArray("messages")
            .addObject()
            .put("role", "user")
            .putArray("content");
    content
        .addObject()
        .put(
            "image",
            "data:"
                + request.contentType()
                + ";base64,"
                + Base64.getEncoder().encodeToString(request.image()));
    content.addObject().put("text", instruction);
    ObjectNode parameters = root.putObject("parameters");
    parameters.put("negative_prompt", settings.get("negative-prompt", " "));
    parameters.put("watermark", Boolean.parseBoolean(settings.get("watermark", "false")));
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * DashScope's errors as the user should see them: content its own moderation refused, a bad
   * request (with the service's message), or — for a key, quota or service problem — a failure the
   * user only sees as "failed", with the code for the operator.
   */
  static void fail(int status, JsonNode answer) throws EditRefused, EditFailed {
    String code = answer.path("code").asText("");
    String message = answer.path("message").asText("");
    if (code.startsWith("DataInspectionFailed") || code.contains("DataInspection")) {
      throw new EditRefused("images.remote.content-refused");
    }
    if (status == 400 && (code.startsWith("InvalidParameter") || code.isEmpty())) {
      throw new EditRefused("images.remote.bad-request", shorten(message));
    }
    if (status == 401 || status == 403 || code.startsWith("InvalidApiKey")) {
      throw new EditFailed(
          "Qwen-Image-Edit refused the API key ("
              + code
              + "): check pledge.images.providers.qwen-image-edit.api-key and base-url (the"
              + " international and China endpoints have different keys)",
          false);
    }
    throw new EditFailed("Qwen-Image-Edit answered HTTP " + status + " " + code, false);
  }

  private static JsonNode parse(byte[] body) throws EditFailed {
    try {
      return JSON.readTree(new String(body, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new EditFailed("Qwen-Image-Edit answered something that is not JSON", false);
    }
  }

  static String shorten(String s) {
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
