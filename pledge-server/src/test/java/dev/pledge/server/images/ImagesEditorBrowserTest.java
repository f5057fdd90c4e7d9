package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.Credits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The editor in Chromium: a phone photo with GPS goes in and nothing of its metadata comes out
 * (B-15); edits run as jobs in the worker and become versions with their parents (B-06, B-02);
 * Chinese and English text is drawn (checked in pixels); edits are paid for in the credit ledger.
 */
@WithRunningServer
class ImagesEditorBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired dev.pledge.server.blobs.PersonalBlobs blobs;
  @Autowired Credits credits;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @Test
  @DisplayName(
      "B-06 Download saves the photo under its own name (was image-<uuid>.jpg); an edit adds its"
          + " version's short id; a name's quotes and line breaks never reach the header")
  void downloadKeepsTheFileName() throws Exception {
    Path dir = Files.createTempDirectory("named-");
    Path photo = dir.resolve("Café board.jpg");
    Files.write(photo, TestImages.phoneJpeg(320, 240, 1));
    try (var dana = ImageStudioPerson.verified(browser, port, "Dana Names", "en", 30)) {
      String project = dana.project("Names");
      String image = dana.upload(project, photo);
      assertThat(image).isNotNull();
      dana.open("/images/" + image);
      com.microsoft.playwright.Download saved =
          dana.page.waitForDownload(() -> dana.page.click("a[download], a:has-text('Download')"));
      assertThat(saved.suggestedFilename()).isEqualTo("Café board.jpg");
      dana.assertClean();
    }
    var source =
        new ImageRecords.Version(
            "0123456789ab",
            "i",
            "o",
            null,
            "source",
            "c",
            "b",
            "image/png",
            1,
            1,
            1,
            null,
            false,
            null,
            java.time.Instant.EPOCH);
    var edit =
        new ImageRecords.Version(
            "fedcba987654",
            "i",
            "o",
            "0123456789ab",
            "edit",
            "c",
            "b",
            "image/png",
            1,
            1,
            1,
            null,
            false,
            "j",
            java.time.Instant.EPOCH);
    var hostile =
        new ImageRecords.Image(
            "i", "o", "p", "a\"b\r\nSet-Cookie: x=1.png", "default", null, java.time.Instant.EPOCH);
    assertThat(EditorController.downloadName(hostile, source, "png"))
        .isEqualTo("abSet-Cookie: x=1.png");
    assertThat(EditorController.downloadName(hostile, edit, "png"))
        .isEqualTo("abSet-Cookie: x=1-fedcba98.png");
    var unnamed = new ImageRecords.Image("i", "o", "p", ".png", "default", null, null);
    assertThat(EditorController.downloadName(unnamed, source, "png")).isEqualTo("image.png");
  }

  @Test
  @DisplayName(
      "B-15 B-06 B-02 a GPS photo is stored and downloaded without metadata; edits are versions")
  void uploadStripsAndEditsMakeVersions() throws Exception {
    Path photo = Files.createTempFile("phone-", ".jpg");
    Files.write(photo, TestImages.phoneJpeg(1200, 900, 1));
    try (var dana = ImageStudioPerson.verified(browser, port, "Dana Photo", "en", 30)) {
      String project = dana.project("Holiday");
      String image = dana.upload(project, photo);
      assertThat(image).isNotNull();
      assertThat(dana.uploadTypes)
          .as("the page sends the file itself as the body, no multipart")
          .containsExactly("application/octet-stream");
      assertThat(dana.page.locator("[data-removed] [data-kind=gps]").textContent())
          .isEqualTo("GPS position");
      assertThat(dana.page.locator("[data-removed]").textContent())
          .contains("camera serial number")
          .contains("1 thumbnail");
      dana.screenshot("images-uploaded");

      // What is stored (decrypted from the blob) and what is downloaded have no GPS.
      String owner =
          jdbc.sql("select account_id from image where image_id = :i")
              .param("i", image)
              .query(String.class)
              .single();
      String blob =
          jdbc.sql("select blob_name from image_version where image_id = :i")
              .param("i", image)
              .query(String.class)
              .single();
      byte[] stored = blobs.read("image-studio", owner, ImageRecords.SOURCE_CATEGORY, blob);
      assertThat(gps(stored)).as("stored").isFalse();
      String version = blob.replaceFirst("\\..*$", "");
      APIResponse download =
          dana.context
              .request()
              .get(
                  dana.studio
                      + "/images/"
                      + image
                      + "/versions/"
                      + version
                      + "/content?download=1");
      assertThat(download.status()).isEqualTo(200);
      assertThat(gps(download.body())).as("downloaded").isFalse();
      assertThat(new String(download.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
          .doesNotContain("SN-0042");

      // Without script the form posts the file as multipart: the same checks, the same result.
      dana.open("/images/projects/" + project);
      String csrf = dana.page.locator("form[data-upload] input[name=_csrf]").getAttribute("value");
      APIResponse form =
          dana.context
              .request()
              .post(
                  dana.studio + "/images/projects/" + project + "/upload",
                  RequestOptions.create()
                      .setMultipart(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set(
                                  "file",
                                  new FilePayload(
                                      "phone.jpg", "image/jpeg", Files.readAllBytes(photo))))
                      .setMaxRedirects(0));
      assertThat(form.status()).isEqualTo(302);
      String second =
          form.headers().get("location").replaceFirst("^.*/images/", "").replaceFirst("\\?.*$", "");
      String secondBlob =
          jdbc.sql("select blob_name from image_version where image_id = :i")
              .param("i", second)
              .query(String.class)
              .single();
      assertThat(gps(blobs.read("image-studio", owner, ImageRecords.SOURCE_CATEGORY, secondBlob)))
          .as("stored from the form")
          .isFalse();
      dana.open("/images/" + image);

      // An edit runs as a job in the worker and becomes a version whose parent is the original.
      dana.page.selectOption("#rotate-angle", "90");
      String rotated = dana.edit("[data-op=rotate]");
      assertThat(rotated).isNotEqualTo(version);
      assertThat(
              jdbc.sql("select parent_id from image_version where version_id = :v")
                  .param("v", rotated)
                  .query(String.class)
                  .single())
          .isEqualTo(version);
      BufferedImage turned =
          ImageIO.read(
              new ByteArrayInputStream(
                  dana.context
                      .request()
                      .get(dana.studio + "/images/" + image + "/versions/" + rotated + "/content")
                      .body()));
      assertThat(turned.getWidth()).isEqualTo(900);
      assertThat(turned.getHeight()).isEqualTo(1200);
      assertThat(
              jdbc.sql(
                      "select provider || '/' || model || '/' || mode || '/' || cost || '/'"
                          + " || parameters from image_job where result_version_id = :v")
                  .param("v", rotated)
                  .query(String.class)
                  .single())
          .isEqualTo("builtin/builtin/rotate/geometry/1/{\"angle\":\"90\"}");
      dana.assertClean();
    }
  }

  @Test
  @DisplayName(
      "B-02 B-04 an edit is charged in the credit ledger by its job, its prompt kept with the result;"
          + " a short balance refuses the next edit and charges nothing")
  void editsUseCredits() throws Exception {
    Path file = Files.createTempFile("credits-", ".png");
    Files.write(file, TestImages.png(TestImages.picture(160, 120)));
    try (var p = ImageStudioPerson.verified(browser, port, "Cai Credits", "zh-CN", 33)) {
      String image = p.upload(p.project("点数"), file);
      String account =
          jdbc.sql("select account_id from image where image_id = :i")
              .param("i", image)
              .query(String.class)
              .single();
      long before = credits.balance(account);
      assertThat(p.page.locator("[data-balance]").textContent()).contains(Long.toString(before));

      // The page's own script posts the form; a prompt travels with the settings.
      Object job =
          p.page.evaluate(
              "async () => { const f = document.querySelector('form[data-edit]:has([value=add-text])');"
                  + " const b = new URLSearchParams(new FormData(f));"
                  + " b.set('text', '标题 Title'); b.set('prompt', '把标题放在上面 put the title on top');"
                  + " const r = await fetch(f.action, {method: 'POST', body: b,"
                  + " headers: {Accept: 'application/json'}}); return (await r.json()).job; }");
      assertThat(job).isNotNull();
      String state = "";
      for (int i = 0; i < 240 && !state.equals("succeeded") && !state.equals("failed"); i++) {
        Thread.sleep(250);
        state =
            jdbc.sql("select state from image_job where job_id = :j")
                .param("j", job)
                .query(String.class)
                .single();
      }
      assertThat(state).isEqualTo("succeeded");
      assertThat(
              jdbc.sql(
                      "select j.provider || '/' || j.model || '/' || j.mode || '/' || j.cost || '/'"
                          + " || p.prompt from image_job j join image_prompt p using (job_id)"
                          + " where j.job_id = :j")
                  .param("j", job)
                  .query(String.class)
                  .single())
          .isEqualTo("builtin/builtin/add-text/text/1/把标题放在上面 put the title on top");
      assertThat(
              jdbc.sql("select parameters from image_job where job_id = :j")
                  .param("j", job)
                  .query(String.class)
                  .single())
          .contains("\"text\":\"标题 Title\"");
      assertThat(
              jdbc.sql(
                      "select kind || ':' || credits from billing_credit_entry"
                          + " where account_id = :a and reference = :j")
                  .param("a", account)
                  .param("j", job)
                  .query(String.class)
                  .list())
          .containsExactly("charge:-1");
      assertThat(credits.balance(account)).isEqualTo(before - 1);

      // Spend the rest: the next edit is refused with the cost and the balance, and nothing is
      // queued or charged.
      credits.charge(account, before - 1, "test: spent elsewhere", "test-" + job);
      long jobs = jobCount(image);
      p.open("/images/" + image);
      p.page.click("[data-op=rotate]");
      p.page.waitForFunction(
          "() => document.querySelector('[data-job-message]').textContent.length > 0");
      assertThat(p.page.locator("[data-job-message]").textContent()).contains("此次编辑需要 1 点，您还有 0 点");
      assertThat(jobCount(image)).isEqualTo(jobs);
      assertThat(credits.balance(account)).isZero();
      p.assertClean();
    }
  }

  long jobCount(String image) {
    return jdbc.sql("select count(*) from image_job where image_id = :i")
        .param("i", image)
        .query(Long.class)
        .single();
  }

  static boolean gps(byte[] jpeg) throws Exception {
    Metadata m = ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));
    return m.getFirstDirectoryOfType(GpsDirectory.class) != null;
  }
}
