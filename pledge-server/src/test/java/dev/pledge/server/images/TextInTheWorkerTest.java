package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.images.text.TextModels;
import dev.pledge.server.images.text.TextOperations;
import dev.pledge.server.images.text.TextReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worker's side of the text operations: the built-in provider's pixel operations run on pixels
 * the worker decoded, but detect-text and replace-text must reach {@link TextOperations} (which
 * answers bytes and notes), or the editor's text panel finds nothing and the replacement is refused
 * as an unknown operation.
 */
class TextInTheWorkerTest {

  static byte[] sign() throws Exception {
    BufferedImage image = new BufferedImage(640, 240, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 640, 240);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(20, 30, 90));
    g.setFont(TextFonts.noto().deriveFont(52f));
    g.drawString("营业中 Open", 60, 140);
    g.dispose();
    return TestImages.png(image);
  }

  static WorkerProtocol.Job job(String operation, Map<String, String> parameters) {
    return new WorkerProtocol.Job(
        BuiltInProvider.class.getName(),
        EditProvider.BUILT_IN,
        operation,
        parameters,
        "",
        "en",
        Map.of(),
        "image/png",
        1,
        4_000_000,
        64L << 20,
        false);
  }

  @Test
  @DisplayName("B-06 in the worker, detect-text reads the lines and gives them back as its note")
  void detectInTheWorker() throws Exception {
    ImageWorker.Outcome o =
        ImageWorker.run(job(TextOperations.DETECT, Map.of()), sign(), Progress.ignored());
    assertThat(o.notes()).hasSize(1);
    assertThat(o.notes().get(0))
        .startsWith(TextOperations.LINES_NOTE)
        .contains("\"width\":640")
        .contains("营业中");
  }

  @Test
  @DisplayName("B-06 in the worker, replace-text by text to find draws the new line instead")
  void replaceInTheWorker() throws Exception {
    byte[] source = sign();
    ImageWorker.Outcome o =
        ImageWorker.run(
            job(TextOperations.REPLACE, Map.of("find", "营业中", "text", "休息 Closed")),
            source,
            Progress.ignored());
    assertThat(o.contentType()).isEqualTo("image/png");
    assertThat(o.width()).isEqualTo(640);
    assertThat(o.notes()).isEqualTo(List.of());
    List<String> lines =
        new TextReader(TextModels.shared())
            .read(ImageIO.read(new ByteArrayInputStream(o.bytes()))).stream()
                .map(l -> l.text().replace(" ", ""))
                .toList();
    assertThat(lines).containsExactly("休息Closed");
  }
}
