package dev.pledge.server.images.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import dev.pledge.server.images.EditResult;
import dev.pledge.server.images.Progress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built-in provider's detect-text and replace-text, as the worker runs them. */
class TextOperationsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static byte[] posterPng() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(TextInImagesTest.poster(), "png", out);
    return out.toByteArray();
  }

  static EditRequest request(String operation, byte[] image, Map<String, String> parameters) {
    return new EditRequest(
        image, "image/png", operation, parameters, "", Locale.CHINA, null, 4_000_000);
  }

  @Test
  @DisplayName(
      "B-06 detect-text returns the image unchanged and the lines with their boxes, for the editor")
  void detect() throws Exception {
    byte[] png = posterPng();
    EditResult result =
        TextOperations.run(request("detect-text", png, Map.of()), Progress.ignored());
    assertThat(result.image()).isEqualTo(png);
    assertThat(result.notes()).hasSize(1);
    assertThat(result.notes().get(0)).startsWith(TextOperations.LINES_NOTE);
    JsonNode json =
        JSON.readTree(result.notes().get(0).substring(TextOperations.LINES_NOTE.length()));
    assertThat(json.path("width").asInt()).isEqualTo(1600);
    assertThat(json.path("lines")).hasSize(3);
    JsonNode second = json.path("lines").path(1);
    assertThat(second.path("text").asText().replace(" ", "")).isEqualTo("全场八折20%off");
    assertThat(second.path("box")).hasSize(4);
    assertThat(second.path("box").path(0)).hasSize(2);
  }

  @Test
  @DisplayName(
      "B-06 replace-text by the box detect-text gave, then by text to find: the new line reads back")
  void replace() throws Exception {
    byte[] png = posterPng();
    JsonNode lines =
        JSON.readTree(
                TextOperations.run(request("detect-text", png, Map.of()), Progress.ignored())
                    .notes()
                    .get(0)
                    .substring(TextOperations.LINES_NOTE.length()))
            .path("lines");
    StringBuilder box = new StringBuilder();
    for (JsonNode p : lines.path(0).path("box")) {
      box.append(box.isEmpty() ? "" : ",")
          .append(p.get(0).asInt())
          .append(',')
          .append(p.get(1).asInt());
    }
    EditResult first =
        TextOperations.run(
            request(
                "replace-text",
                png,
                Map.of(
                    "box",
                    box.toString(),
                    "old",
                    lines.path(0).path("text").asText(),
                    "text",
                    "秋季上新 Autumn")),
            Progress.ignored());
    assertThat(first.contentType()).isEqualTo("image/png");
    EditResult second =
        TextOperations.run(
            request("replace-text", first.image(), Map.of("find", "隐私优先", "text", "Privacy 第一")),
            Progress.ignored());
    var image = ImageIO.read(new ByteArrayInputStream(second.image()));
    List<String> now =
        new TextReader(TextModels.shared())
            .read(image).stream().map(l -> l.text().replace(" ", "")).toList();
    assertThat(now).containsExactly("秋季上新Autumn", "全场八折20%off", "Privacy第一");
  }

  @Test
  @DisplayName(
      "replace-text refuses a bad box, text not in the image, and a missing line, with reasons")
  void refusals() throws Exception {
    byte[] png = posterPng();
    assertThatThrownBy(
            () ->
                TextOperations.run(
                    request("replace-text", png, Map.of("box", "1,2,3", "text", "x")),
                    Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.text.box");
    assertThatThrownBy(
            () ->
                TextOperations.run(
                    request(
                        "replace-text",
                        png,
                        Map.of("box", "0,0,99999,0,99999,50,0,50", "text", "x")),
                    Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.text.box");
    assertThatThrownBy(
            () ->
                TextOperations.run(
                    request("replace-text", png, Map.of("find", "不存在", "text", "x")),
                    Progress.ignored()))
        .isInstanceOfSatisfying(
            EditRefused.class, e -> assertThat(e.arguments()).containsExactly("不存在"))
        .hasMessage("images.text.not-found");
    assertThatThrownBy(
            () ->
                TextOperations.run(
                    request("replace-text", png, Map.of("text", "x")), Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.text.which-line");
    assertThatThrownBy(
            () ->
                TextOperations.run(
                    request("detect-text", new byte[] {1, 2, 3}, Map.of()), Progress.ignored()))
        .isInstanceOf(EditRefused.class)
        .hasMessage("images.text.unreadable");
  }
}
