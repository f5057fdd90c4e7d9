package dev.pledge.server.images.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.images.EditFailed;
import dev.pledge.server.images.EditProvider;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import dev.pledge.server.images.EditResult;
import dev.pledge.server.images.Progress;
import dev.pledge.server.images.ProviderSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Any OpenAI-compatible image-edit endpoint: {@code POST {base-url}/v1/images/edits} with {@code
 * Authorization: Bearer {api-key}} and a {@code multipart/form-data} body — {@code image} (the
 * file), {@code prompt}, {@code model}, {@code n} (1), {@code size} and {@code response_format}
 * ({@code b64_json} by default; {@code url} results are downloaded at once). The answer is {@code
 * {"created", "data": [{"b64_json" | "url"}]}}; errors are {@code {"error": {"message", "type",
 * "code"}}}.
 *
 * <p>Settings ({@code pledge.images.providers.openai.*}): {@code api-key} (without it the provider
 * is not offered), {@code base-url} (default {@value #DEFAULT_BASE}), {@code model} ({@value
 * #MODEL}), {@code size} ({@code auto}), {@code response-format} ({@code b64_json}; set {@code url}
 * for servers that only give URLs, or empty to send none), {@code processor} (the policy's
 * processor that receives the image and prompt; checked against the policy at start-up), and those
 * of {@link HostedCall}.
 */
@Component
class OpenAiImageEdits implements EditProvider {

  static final String ID = "openai";
  static final String DEFAULT_BASE = "https://api.openai.com";
  static final String MODEL = "gpt-image-1";
  static final String PATH = "/v1/images/edits";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final HostedCall.Sleeper sleeper;

  OpenAiImageEdits() {
    this(HostedCall.REAL_SLEEP);
  }

  OpenAiImageEdits(HostedCall.Sleeper sleeper) {
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
    URI endpoint =
        URI.create(QwenImageEdit.stripSlash(settings.get("base-url", DEFAULT_BASE)) + PATH);
    String boundary = "pledge-" + HexFormat.of().formatHex(randomBytes());
    byte[] body = multipart(boundary, request, model, instruction, settings);
    HostedCall call = new HostedCall("The image-edit service", settings, sleeper);
    progress.report(0.1, "images.progress.sending");
    HttpResponse<byte[]> response =
        call.send(
            () ->
                HttpRequest.newBuilder(endpoint)
                    .header("Authorization", "Bearer " + key)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    JsonNode answer;
    try {
      answer = JSON.readTree(new String(response.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new EditFailed(
          "The image-edit service answered HTTP " + response.statusCode() + " without JSON", false);
    }
    if (response.statusCode() != 200) {
      fail(response.statusCode(), answer);
    }
    JsonNode first = answer.path("data").path(0);
    HostedCall.Result result;
    if (first.hasNonNull("b64_json") && !first.get("b64_json").asText().isEmpty()) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(first.get("b64_json").asText());
      } catch (IllegalArgumentException e) {
        throw new EditFailed("The image-edit service returned malformed base64", false);
      }
      result = call.result(bytes);
    } else if (first.hasNonNull("url")) {
      result = call.download(first.get("url").asText(), progress);
    } else {
      throw new EditFailed("The image-edit service answered without an image", false);
    }
    progress.report(1.0, null);
    return new EditResult(result.bytes(), result.contentType(), model, List.of());
  }

  static void fail(int status, JsonNode answer) throws EditRefused, EditFailed {
    JsonNode error = answer.path("error");
    String code = error.path("code").asText("");
    String type = error.path("type").asText("");
    String message = error.path("message").asText("");
    if ("moderation_blocked".equals(code) || "content_policy_violation".equals(code)) {
      throw new EditRefused("images.remote.content-refused");
    }
    if (status == 400 || status == 413 || status == 422) {
      throw new EditRefused("images.remote.bad-request", QwenImageEdit.shorten(message));
    }
    if (status == 401 || status == 403) {
      throw new EditFailed(
          "The image-edit service refused the API key ("
              + (code.isEmpty() ? type : code)
              + "): check pledge.images.providers.openai.api-key",
          false);
    }
    throw new EditFailed("The image-edit service answered HTTP " + status + " " + code, false);
  }

  static byte[] multipart(
      String boundary,
      EditRequest request,
      String model,
      String instruction,
      ProviderSettings settings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(request.image().length + 2048);
    String extension =
        switch (request.contentType()) {
          case "image/jpeg" -> "jpg";
          case "image/webp" -> "webp";
          default -> "png";
        };
    part(out, boundary, "image", "image." + extension, request.contentType(), request.image());
    field(out, boundary, "prompt", instruction);
    field(out, boundary, "model", model);
    field(out, boundary, "n", "1");
    field(out, boundary, "size", settings.get("size", "auto"));
    String format = settings.get("response-format", "b64_json");
    if (!format.isBlank()) {
      field(out, boundary, "response_format", format);
    }
    write(out, "--" + boundary + "--\r\n");
    return out.toByteArray();
  }

  private static void field(ByteArrayOutputStream out, String boundary, String name, String v) {
    write(out, "--" + boundary + "\r\n");
    write(out, "Content-Disposition: form-data; name=\"" + name + "\"\r\n");
    write(out, "Content-Type: text/plain; charset=UTF-8\r\n\r\n");
    write(out, v);
    write(out, "\r\n");
  }

  private static void part(
      ByteArrayOutputStream out,
      String boundary,
      String name,
      String filename,
      String type,
      byte[] bytes) {
    write(out, "--" + boundary + "\r\n");
    write(
        out,
        "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\r\n");
    write(out, "Content-Type: " + type + "\r\n\r\n");
    out.writeBytes(bytes);
    write(out, "\r\n");
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }
}
