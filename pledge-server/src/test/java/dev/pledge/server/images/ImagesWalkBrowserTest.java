package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A person's walk through the editor in Chromium: Chinese and English text added (checked in
 * pixels), undo, a branch from an earlier version, compare, names and stars, one version deleted
 * for real (B-06, B-28); a public link switched on and off (B-28); hostile files refused with their
 * reason in the person's language (B-15); a runaway edit stopped by the worker's limit while the
 * server goes on (B-15).
 */
@WithRunningServer
class ImagesWalkBrowserTest {

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

  static BufferedImage image(byte[] bytes) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(bytes));
  }

  byte[] content(ImageStudioPerson p, String image, String version) {
    APIResponse r =
        p.context
            .request()
            .get(p.studio + "/images/" + image + "/versions/" + version + "/content");
    assertThat(r.status()).isEqualTo(200);
    return r.body();
  }

  String parentOf(String version) {
    return jdbc.sql("select parent_id from image_version where version_id = :v")
        .param("v", version)
        .query(String.class)
        .single();
  }

  @Test
  @DisplayName("B-06 B-28 text in two scripts, undo, branch, compare, name, star, delete a version")
  void historyWalk() throws Exception {
    Path file = Files.createTempFile("walk-", ".png");
    Files.write(file, TestImages.png(TestImages.picture(640, 480)));
    try (var p = ImageStudioPerson.verified(browser, port, "Wen Walk", "en", 29)) {
      String image = p.upload(p.project("Posters"), file);
      String original = p.page.locator("main").getAttribute("data-shown");

      p.page.locator("details.tool-box:has([data-op=add-text]) > summary").click();
      p.page.fill("#text-text", "中文 English");
      p.page.fill("#text-size", "56");
      p.page.fill("#text-y", "0.5");
      String texted = p.edit("[data-op=add-text]");
      assertThat(parentOf(texted)).isEqualTo(original);
      BufferedImage before = image(content(p, image, original));
      BufferedImage after = image(content(p, image, texted));
      int changedLeft = 0;
      int changedRight = 0;
      int white = 0;
      for (int y = 200; y < 280; y++) {
        for (int x = 0; x < 640; x++) {
          int a = after.getRGB(x, y) & 0xffffff;
          if (a != (before.getRGB(x, y) & 0xffffff)) {
            if (x < 320) {
              changedLeft++;
            } else {
              changedRight++;
            }
          }
          if (a == 0xffffff) {
            white++;
          }
        }
      }
      assertThat(changedLeft).as("text drawn on the left half (中文 …)").isGreaterThan(500);
      assertThat(changedRight).as("text drawn on the right half (… English)").isGreaterThan(500);
      assertThat(white).as("white text pixels").isGreaterThan(1000);
      assertThat(after.getRGB(5, 5))
          .as("far from the text nothing changed")
          .isEqualTo(before.getRGB(5, 5));

      // Undo (the shortcut) goes back to the original; an edit from there is a second branch.
      p.page.locator("body").press("u");
      p.page.waitForURL("**v=" + original);
      p.page.locator("details.tool-box:has([data-op=sepia]) > summary").click();
      String sepia = p.edit("[data-op=sepia]");
      assertThat(parentOf(sepia)).isEqualTo(original);
      assertThat(p.page.locator(".version-tree .version.depth-1").count())
          .as("two branches under the original")
          .isEqualTo(2);

      // Compare: the slider shows before and after on the canvas.
      p.page.click("[data-compare-toggle]");
      assertThat(p.page.locator("[data-compare]").isVisible()).isTrue();
      assertThat(p.page.locator("[data-canvas]").isVisible()).isTrue();
      p.page.fill("[data-compare-range]", "30");

      // Name and star a version.
      p.page.fill("#label-" + sepia, "Warm print");
      p.page.click("li[data-version='" + sepia + "'] .label-form button");
      p.page.click("li[data-version='" + sepia + "'] form[action$='/star'] button");
      assertThat(p.page.locator("li[data-version='" + sepia + "']").textContent())
          .contains("Warm print")
          .contains("★");
      p.screenshot("images-history");

      // Delete one version for real: its file and row go; a receipt stays in the audit trail.
      String blob =
          jdbc.sql("select blob_name from image_version where version_id = :v")
              .param("v", texted)
              .query(String.class)
              .single();
      p.open("/images/" + image + "?v=" + texted);
      p.page.onDialog(d -> d.accept());
      p.page.click("li[data-version='" + texted + "'] form[action$='/delete'] button");
      p.page.waitForLoadState();
      assertThat(
              jdbc.sql("select count(*) from image_version where version_id = :v")
                  .param("v", texted)
                  .query(Long.class)
                  .single())
          .isZero();
      assertThat(
              jdbc.sql("select count(*) from personal_blob where name = :n")
                  .param("n", blob)
                  .query(Long.class)
                  .single())
          .isZero();
      assertThat(
              jdbc.sql("select count(*) from audit_entry where action = 'images.version-deleted'")
                  .query(Long.class)
                  .single())
          .isPositive();
      assertThat(
              p.context
                  .request()
                  .get(p.studio + "/images/" + image + "/versions/" + texted + "/content")
                  .status())
          .isEqualTo(404);
      p.assertClean();
    }
  }

  @Test
  @DisplayName(
      "B-28 a public link works without signing in, sets no cookie, and stops when switched off")
  void publicLinkOnAndOff() throws Exception {
    Path file = Files.createTempFile("share-", ".png");
    Files.write(file, TestImages.png(TestImages.picture(320, 240)));
    try (var p = ImageStudioPerson.verified(browser, port, "Sam Share", "en", 35)) {
      String image = p.upload(p.project("Shared"), file);
      assertThat(p.page.locator("[data-share-state=on]").count()).as("private by default").isZero();
      p.page.click("[data-share-on]");
      String link = p.page.locator("[data-share-link]").getAttribute("href");
      assertThat(link).matches(".*/s/[A-Za-z0-9_-]{43}$");
      BrowserContext stranger = browser.newContext();
      try {
        Page s = stranger.newPage();
        var response = s.navigate(p.base + link);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).doesNotContainKey("set-cookie");
        assertThat(stranger.cookies()).as("no cookie from the public page").isEmpty();
        assertThat(s.locator(".public-figure img").evaluate("i => i.naturalWidth")).isEqualTo(320);
        p.page.click("[data-share-off]");
        assertThat(s.navigate(p.base + link).status()).isEqualTo(404);
        assertThat(stranger.request().get(p.base + link + "/image").status()).isEqualTo(404);
      } finally {
        stranger.close();
      }
      assertThat(
              jdbc.sql("select enabled from image_share where image_id = :i")
                  .param("i", image)
                  .query(Boolean.class)
                  .single())
          .isFalse();
    }
  }

  @Test
  @DisplayName(
      "B-18 B-19 an image's retention: the plan's choices offered, the choice kept by its files,"
          + " a period the plan does not allow refused; the editor on a phone-sized window")
  void retentionPerImage() throws Exception {
    // A long name without spaces, as cameras and downloads name files: it must not widen the page.
    Path file = Files.createTempFile("keep-IMG_20240517_103100_HDR_PORTRAIT_0042-", ".png");
    Files.write(file, TestImages.png(TestImages.picture(200, 100)));
    try (var p = ImageStudioPerson.verified(browser, port, "Kai Keep", "en", 41)) {
      String image = p.upload(p.project("Keep"), file);
      String blob =
          jdbc.sql("select blob_name from image_version where image_id = :i")
              .param("i", image)
              .query(String.class)
              .single();
      // The free plan: 7 days (its default) to 30 days.
      assertThat(p.page.locator("#retention option").evaluateAll("os => os.map(o => o.value)"))
          .isEqualTo(java.util.List.of("default", "P7D", "P30D"));
      assertThat(keptFor(blob)).isEqualTo("7 days");
      assertThat(p.page.locator(".stage-meta").textContent()).contains("This file is kept until");

      p.page.selectOption("#retention", "P30D");
      p.page.click("form[action$='/retention'] button[type=submit]");
      p.page.waitForURL("**retention-saved");
      assertThat(keptFor(blob)).as("the file's own period").isEqualTo("30 days");
      assertThat(
              jdbc.sql("select keep_for::text from image_version where image_id = :i")
                  .param("i", image)
                  .query(String.class)
                  .single())
          .isEqualTo("30 days");

      // A period beyond the plan, posted by hand, is refused and changes nothing.
      p.page
          .locator("#retention")
          .evaluate("s => { s.add(new Option('a year', 'P1Y')); s.value = 'P1Y'; }");
      p.page.click("form[action$='/retention'] button[type=submit]");
      assertThat(p.page.locator("[data-refusal]").textContent())
          .contains("Your plan does not allow");
      assertThat(keptFor(blob)).isEqualTo("30 days");
      assertThat(
              jdbc.sql("select retention from image where image_id = :i")
                  .param("i", image)
                  .query(String.class)
                  .single())
          .isEqualTo("P30D");

      // On a phone-sized window the editor fits its width: image, tools and history below.
      p.page.setViewportSize(390, 844);
      p.open("/images/" + image);
      assertThat(p.page.evaluate("() => document.documentElement.scrollWidth"))
          .as("no sideways scrolling")
          .isEqualTo(390);
      assertThat(p.page.locator("[data-viewport]").isVisible()).isTrue();
      assertThat(p.page.locator("[data-op=rotate]").isVisible()).isTrue();
      assertThat(p.page.locator(".version-tree").isVisible()).isTrue();
      p.screenshot("images-editor-phone");
      p.assertClean();
    }
  }

  String keptFor(String blobName) {
    return jdbc.sql("select keep_for::text from personal_blob where name = :n")
        .param("n", blobName)
        .query(String.class)
        .single();
  }

  @Test
  @DisplayName(
      "B-15 hostile files are refused with a clear reason in the person's language; nothing is stored")
  void hostileFiles() throws Exception {
    byte[] jpeg = TestImages.jpeg(TestImages.picture(300, 200));
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("empty.jpg", new byte[0]);
    files.put("truncated.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    files.put("polyglot.jpg", ImageInspectorTest.concat(jpeg, ImageInspectorTest.zip()));
    files.put("bomb.png", ImageInspectorTest.pngBomb(15_000, 15_000));
    files.put("thin.png", ImageInspectorTest.pngBomb(1, 100_000));
    files.put("page.jpg", "<html><script>alert(1)</script></html>".getBytes());
    // Above the free plan's 10 MB: refused by the page before a byte is sent (the server checks
    // too).
    files.put("big.jpg", new byte[10_500_000]);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("empty.jpg", "文件是空的");
    expected.put("truncated.jpg", "提前结束");
    expected.put("polyglot.jpg", "夹带了其他类型的文件");
    expected.put("bomb.png", "百万像素");
    expected.put("thin.png", "任何一边都不能超过 16,384 像素");
    expected.put("page.jpg", "这不是 PNG、JPEG 或 WebP 图像");
    expected.put("big.jpg", "文件超过了您的套餐允许的大小（10.0 MB）");
    try (var p = ImageStudioPerson.verified(browser, port, "Hu Hostile", "zh-CN", 40)) {
      String project = p.project("测试");
      for (var f : files.entrySet()) {
        Path file = Files.createTempFile("hostile-", "-" + f.getKey());
        Files.write(file, f.getValue());
        String id = p.upload(project, file);
        assertThat(id).as(f.getKey() + " refused").isNull();
        assertThat(p.page.locator("[data-refusal]").textContent())
            .as(f.getKey())
            .contains(expected.get(f.getKey()));
      }
      // A PNG named .jpg is taken: the bytes decide, and it is stored as the PNG it is.
      Path misnamed = Files.createTempFile("misnamed-", ".jpg");
      Files.write(misnamed, TestImages.png(TestImages.picture(60, 40)));
      String id = p.upload(project, misnamed);
      assertThat(id).isNotNull();
      assertThat(
              jdbc.sql("select content_type from image_version where image_id = :i")
                  .param("i", id)
                  .query(String.class)
                  .single())
          .isEqualTo("image/png");
      assertThat(
              jdbc.sql(
                      "select count(*) from image i join image_project p using (project_id)"
                          + " where p.project_id = :p")
                  .param("p", project)
                  .query(Long.class)
                  .single())
          .as("only the real image was stored")
          .isEqualTo(1);
      p.screenshot("images-hostile-zh");
    }
  }

  @Test
  @DisplayName(
      "B-15 a runaway edit dies of the worker's limit, is refunded, and the server goes on")
  void runawayEdit() throws Exception {
    Path file = Files.createTempFile("runaway-", ".png");
    Files.write(file, TestImages.png(TestImages.picture(200, 150)));
    try (var p = ImageStudioPerson.verified(browser, port, "Ray Runaway", "en", 31)) {
      String image = p.upload(p.project("Limits"), file);
      String balanceBefore = p.page.locator("[data-balance]").textContent();
      Object job =
          p.page.evaluate(
              "async () => { const f = document.querySelector('form[data-edit]');"
                  + " const b = new URLSearchParams(new FormData(f));"
                  + " b.set('provider', 'runaway'); b.set('operation', 'hog'); b.delete('prompt');"
                  + " const r = await fetch(f.action, {method: 'POST', body: b,"
                  + " headers: {Accept: 'application/json'}}); return (await r.json()).job; }");
      assertThat(job).isNotNull();
      String state = "";
      String error = "";
      for (int i = 0; i < 240 && !state.equals("failed"); i++) {
        Thread.sleep(500);
        APIResponse r = p.context.request().get(p.studio + "/images/" + image + "/jobs/" + job);
        String body = r.text();
        state = body.replaceFirst("^.*\"state\":\"([a-z]+)\".*$", "$1");
        error = body;
      }
      assertThat(state).isEqualTo("failed");
      assertThat(error).contains("more memory than allowed");
      // The server is unharmed: pages answer and the next edit runs in a fresh worker.
      p.open("/images/" + image);
      assertThat(p.page.locator("[data-balance]").textContent())
          .as("the failed edit's credit refunded")
          .isEqualTo(balanceBefore);
      assertThat(
              jdbc.sql(
                      "select kind || ':' || credits from billing_credit_entry"
                          + " where reference = :j order by created_at, kind")
                  .param("j", job)
                  .query(String.class)
                  .list())
          .as("charged and refunded once, in the ledger, by the job's id")
          .containsExactly("charge:-1", "refund:1");
      p.page.selectOption("#rotate-angle", "180");
      String turned = p.edit("[data-op=rotate]");
      assertThat(turned).isNotBlank();
    }
  }
}
