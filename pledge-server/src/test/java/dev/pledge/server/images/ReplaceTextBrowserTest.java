package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.images.text.TextLine;
import dev.pledge.server.images.text.TextModels;
import dev.pledge.server.images.text.TextReader;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Text replacement from the editor in Chromium: a generated picture with known Chinese and English
 * lines is uploaded, the text panel finds and lists its lines, one is chosen and retyped, the edit
 * runs in the worker, and the new version reads back with the new line and without the old one
 * (B-06).
 */
@WithRunningServer
class ReplaceTextBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  static BufferedImage poster() {
    BufferedImage image = new BufferedImage(1000, 600, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(245, 240, 230));
    g.fillRect(0, 0, 1000, 600);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(30, 40, 120));
    g.setFont(TextFonts.noto().deriveFont(56f));
    g.drawString("春季新品 Spring Sale", 80, 200);
    g.setColor(new Color(180, 20, 20));
    g.setFont(TextFonts.noto().deriveFont(44f));
    g.drawString("全场八折 20% off", 120, 420);
    g.dispose();
    return image;
  }

  @Test
  @DisplayName(
      "B-06 the editor finds the Chinese and English lines, one is retyped: the old words are"
          + " gone, the new ones read back in the old colour")
  void replaceALineInTheEditor() throws Exception {
    Path file = Files.createTempFile("poster-", ".png");
    ImageIO.write(poster(), "png", file.toFile());
    try (var dana = ImageStudioPerson.verified(browser, port, "Dana Poster", "en", 30)) {
      String image = dana.upload(dana.project("海报"), file);
      dana.page.locator("details.tool-box:has([data-text-panel]) > summary").click();

      // The panel reads the shown version's lines (in a worker) and lists them.
      dana.page.click("[data-detect-text-button]");
      dana.page.waitForSelector(
          "[data-text-panel][data-state=found], [data-text-panel][data-state=failed]",
          new Page.WaitForSelectorOptions().setTimeout(120_000));
      assertThat(dana.page.getAttribute("[data-text-panel]", "data-state"))
          .as(dana.page.textContent("[data-text-status]"))
          .isEqualTo("found");
      List<String> listed =
          dana.page.locator("[data-text-lines] .text-line").allTextContents().stream()
              .map(t -> t.replace(" ", ""))
              .toList();
      assertThat(listed).containsExactly("春季新品SpringSale", "全场八折20%off");
      assertThat(jobs(image)).as("reading the text is no edit: no job, no version").isZero();
      dana.screenshot("images-text-lines");

      // Choosing the second line fills the form with its place and text, to be retyped.
      dana.page.locator("[data-text-lines] .text-line").nth(1).click();
      assertThat(dana.page.inputValue("#replace-new").replace(" ", "")).isEqualTo("全场八折20%off");
      String[] box = dana.page.inputValue("[data-text-box]").split(",");
      assertThat(box).hasSize(8);
      dana.page.fill("#replace-new", "夏季特卖 Summer");
      String version = dana.edit("[data-op=replace-text]");

      byte[] png =
          dana.context
              .request()
              .get(dana.studio + "/images/" + image + "/versions/" + version + "/content")
              .body();
      BufferedImage edited = ImageIO.read(new ByteArrayInputStream(png));
      List<String> lines =
          new TextReader(TextModels.shared())
              .read(edited).stream().map(TextLine::text).map(t -> t.replace(" ", "")).toList();
      // The detector may take the new line's two words as two boxes: read the whole picture.
      assertThat(String.join("", lines))
          .as("the lines read back, in order: %s", lines)
          .isEqualTo("春季新品SpringSale夏季特卖Summer");
      // Drawn in the old line's red, inside the old line's place.
      int x0 = Integer.MAX_VALUE, y0 = Integer.MAX_VALUE, x1 = 0, y1 = 0;
      for (int i = 0; i < 8; i += 2) {
        x0 = Math.min(x0, Integer.parseInt(box[i].strip()));
        x1 = Math.max(x1, Integer.parseInt(box[i].strip()));
        y0 = Math.min(y0, Integer.parseInt(box[i + 1].strip()));
        y1 = Math.max(y1, Integer.parseInt(box[i + 1].strip()));
      }
      int red = 0;
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          Color c = new Color(edited.getRGB(x, y));
          if (Math.abs(c.getRed() - 180) < 40 && c.getGreen() < 70 && c.getBlue() < 70) {
            red++;
          }
        }
      }
      assertThat(red).as("pixels of the old line's colour in its place").isGreaterThan(300);
      assertThat(
              jdbc.sql(
                      "select provider || '/' || operation || '/' || mode || '/' || cost"
                          + " || '/' || (parameters::jsonb ->> 'box' is not null)"
                          + " from image_job where result_version_id = :v")
                  .param("v", version)
                  .query(String.class)
                  .single())
          .as("replaced by the chosen line's box")
          .isEqualTo("builtin/replace-text/text/1/true");
      dana.screenshot("images-replace-text");
      dana.assertClean();
    }
  }

  @Test
  @DisplayName(
      "B-14 another account cannot read the text of an image it cannot see: 404, no reading")
  void anotherAccountsImage() throws Exception {
    Path file = Files.createTempFile("poster-", ".png");
    ImageIO.write(poster(), "png", file.toFile());
    try (var dana = ImageStudioPerson.verified(browser, port, "Dana Private", "en", 30);
        var mallory = ImageStudioPerson.verified(browser, port, "Mallory Curious", "en", 30)) {
      String image = dana.upload(dana.project("Private"), file);
      String version = dana.page.getAttribute("main.editor", "data-shown");
      mallory.open("/images");
      String csrf = mallory.page.locator("input[name=_csrf]").first().getAttribute("value");
      APIResponse r =
          mallory
              .context
              .request()
              .post(
                  mallory.studio + "/images/" + image + "/versions/" + version + "/text-lines",
                  RequestOptions.create()
                      .setHeader("Accept", "application/json")
                      .setForm(FormData.create().set("_csrf", csrf)));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.text()).doesNotContain("春季").doesNotContain("Spring");
      // Dana herself may: the same request from her answers the lines.
      dana.open("/images/" + image);
      String hers = dana.page.locator("input[name=_csrf]").first().getAttribute("value");
      APIResponse own =
          dana.context
              .request()
              .post(
                  dana.studio + "/images/" + image + "/versions/" + version + "/text-lines",
                  RequestOptions.create()
                      .setHeader("Accept", "application/json")
                      .setForm(FormData.create().set("_csrf", hers)));
      assertThat(own.status()).isEqualTo(200);
      assertThat(own.text()).contains("春季新品").contains("\"box\"");
    }
  }

  private int jobs(String image) {
    return jdbc.sql("select count(*) from image_job where image_id = :i")
        .param("i", image)
        .query(Integer.class)
        .single();
  }
}
