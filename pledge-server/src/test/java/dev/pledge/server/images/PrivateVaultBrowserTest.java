package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.DatabaseDump;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.devapi.ApiTestKeys;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A private vault in Chromium (B-11): the page encrypts a real PNG before upload, and then every
 * row of the image tables, the whole database as text and every file of the person — decrypted with
 * their key, as the server could — are searched for the file's bytes and its pixels: none is there.
 * The browser decrypts and draws the very pixels, rotates in the browser into a new version, and
 * tells a wrong passphrase plainly; the server refuses plain uploads and every server-side edit.
 */
@WithRunningServer
class PrivateVaultBrowserTest {

  static final String PASSPHRASE = "correct horse battery staple";

  /** The length of every run searched for: 8 RGB pixels, 6 RGBA pixels, or 24 bytes of file. */
  static final int RUN = 24;

  static final ObjectMapper JSON = new ObjectMapper();

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired PersonalBlobs blobs;
  @Autowired ApplicationContext context;

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
      "B-11 a private vault encrypts in the browser: no byte or pixel of the image reaches the"
          + " database or the blob store; the browser decrypts, rotates into a new version and"
          + " tells a wrong passphrase")
  void vaultKeepsPlaintextOffTheServer() throws Exception {
    BufferedImage picture = noise(96, 64, 11);
    byte[] original = TestImages.png(picture);
    Path file = Files.createTempFile("vault-", ".png");
    Files.write(file, original);
    try (var v = ImageStudioPerson.verified(browser, port, "Vera Vault", "en", 30)) {
      // A vault is made from the gallery; its passphrase is chosen on its page, twice.
      v.open("/images");
      v.page.fill("#project-name", "Diary scans");
      v.page.check("#project-vault");
      v.page.click("form[action$='/images/projects'] button[type=submit]");
      String project =
          v.page.url().replaceFirst("^.*/images/projects/", "").replaceFirst("[?#].*$", "");
      byte[] salt =
          jdbc.sql("select salt from image_vault where project_id = :p")
              .param("p", project)
              .query(byte[].class)
              .single();
      assertThat(salt).hasSize(16);
      v.page.fill("#vault-passphrase", PASSPHRASE);
      v.page.fill("#vault-passphrase-again", PASSPHRASE + " typo");
      v.page.click("form[data-vault-form=choose] button[type=submit]");
      assertThat(v.page.locator("[data-vault-error]").textContent()).contains("differ");
      v.page.fill("#vault-passphrase-again", PASSPHRASE);
      v.page.click("form[data-vault-form=choose] button[type=submit]");
      v.page.waitForSelector("[data-vault][data-vault-open]");

      // The file goes through the page, sealed.
      v.page.setInputFiles("#upload-file", file);
      v.page.click("form[data-vault-upload] button[type=submit]");
      v.page.waitForURL(u -> u.matches(".*/images/[0-9a-f-]{36}$"));
      String image = URI.create(v.page.url()).getPath().replaceFirst("^.*/images/", "");
      String source = v.page.locator("main").getAttribute("data-shown");

      // A wrong passphrase is told plainly, and nothing is drawn.
      v.page.fill("#vault-passphrase", "incorrect horse battery staple");
      v.page.click("form[data-vault-form=unlock] button[type=submit]");
      assertThat(v.page.locator("[data-vault-error]").textContent())
          .contains("That passphrase does not open this vault");
      assertThat(v.page.locator("canvas[data-vault-canvas][data-drawn]").count()).isZero();
      v.screenshot("vault-wrong-passphrase");

      // The right one: the browser decrypts and draws exactly the original pixels.
      unlock(v.page);
      assertThat(canvasPixels(v.page)).isEqualTo(argb(picture));
      assertThat(v.page.locator("[data-vault-ai]").textContent())
          .contains("AI edits are not available in a private vault");
      v.screenshot("vault-unlocked");

      // A quarter turn in the browser becomes a version whose parent is the upload.
      v.page.click("[data-vault-op=rotate][data-angle='90']");
      v.page.waitForURL(u -> u.contains("?v="), new Page.WaitForURLOptions().setTimeout(60_000));
      String rotated = v.page.url().replaceFirst("^.*[?&]v=", "");
      assertThat(
              jdbc.sql("select parent_id || '/' || kind from image_version where version_id = :v")
                  .param("v", rotated)
                  .query(String.class)
                  .single())
          .isEqualTo(source + "/edit");
      unlock(v.page);
      BufferedImage turned = rotateRight(picture);
      assertThat(canvasPixels(v.page)).isEqualTo(argb(turned));

      // The project's tiles are drawn from the ciphertext too, once the vault is open.
      v.open("/images/projects/" + project);
      v.page.fill("#vault-passphrase", PASSPHRASE);
      v.page.click("form[data-vault-form=unlock] button[type=submit]");
      v.page.waitForSelector("canvas.sealed-tile[data-drawn]");

      // What the server holds: ciphertext of the original, which the passphrase opens.
      String owner =
          jdbc.sql("select account_id from image where image_id = :i")
              .param("i", image)
              .query(String.class)
              .single();
      String sourceBlob =
          jdbc.sql("select blob_name from image_version where version_id = :v")
              .param("v", source)
              .query(String.class)
              .single();
      byte[] sealed = blobs.read("image-studio", owner, ImageRecords.SOURCE_CATEGORY, sourceBlob);
      byte[] opened = open(sealed, salt);
      assertThat(opened).as("the passphrase opens what was stored").isEqualTo(original);

      // The needles: runs of the file's bytes, and rows of both pictures' pixels in every layout
      // a decoder might leave them in. The search finds them in the decrypted upload (so it works).
      List<byte[]> needles = new ArrayList<>(fileRuns(original));
      List<byte[]> pixelRuns = new ArrayList<>(pixelRuns(picture));
      pixelRuns.addAll(pixelRuns(turned));
      needles.addAll(pixelRuns);
      assertThat(found(List.of(opened), fileRuns(original))).hasSameSizeAs(fileRuns(original));
      assertThat(found(List.of(raw(picture)), pixelRuns(picture))).isNotEmpty();

      List<byte[]> haystacks = new ArrayList<>();
      for (String table :
          jdbc.sql(
                  "select format('%I.%I', table_schema, table_name) from information_schema.tables"
                      + " where table_schema not in ('pg_catalog', 'information_schema')"
                      + " and table_type = 'BASE TABLE' and table_name like 'image%'")
              .query(String.class)
              .list()) {
        jdbc.sql("select * from " + table)
            .query(
                (org.springframework.jdbc.core.RowCallbackHandler)
                    rs -> {
                      ResultSetMetaData meta = rs.getMetaData();
                      for (int c = 1; c <= meta.getColumnCount(); c++) {
                        byte[] raw =
                            meta.getColumnTypeName(c).equals("bytea")
                                ? rs.getBytes(c)
                                : String.valueOf(rs.getString(c)).getBytes(StandardCharsets.UTF_8);
                        if (raw != null) {
                          haystacks.add(raw);
                        }
                      }
                    });
      }
      assertThat(haystacks.size()).as("rows of the image tables were read").isGreaterThan(20);
      String dump = DatabaseDump.allRows(jdbc);
      haystacks.add(dump.getBytes(StandardCharsets.UTF_8));
      List<PersonalBlobs.PersonalBlob> files = blobs.list("image-studio", owner);
      assertThat(files).as("the upload and the rotated version").hasSizeGreaterThanOrEqualTo(2);
      for (PersonalBlobs.PersonalBlob b : files) {
        haystacks.add(blobs.read("image-studio", owner, b.category(), b.name()));
      }
      assertThat(found(haystacks, needles)).as("runs of the image found on the server").isEmpty();
      List<byte[]> hex = new ArrayList<>();
      for (byte[] n : needles) {
        hex.add(HexFormat.of().formatHex(n).getBytes(StandardCharsets.US_ASCII));
      }
      assertThat(found(List.of(dump.getBytes(StandardCharsets.UTF_8)), hex))
          .as("runs of the image found in the database's text, as hex")
          .isEmpty();
      assertThat(
              jdbc.sql("select width || 'x' || height from image_version where image_id = :i")
                  .param("i", image)
                  .query(String.class)
                  .list())
          .as("the server does not know the picture's size")
          .containsOnly("0x0");
      assertThat(dump).doesNotContain(file.getFileName().toString());

      // The server refuses what would need the plaintext: a plain upload, its own edits, text.
      String csrf = v.page.locator("input[name=_csrf]").first().getAttribute("value");
      APIResponse plain =
          v.context
              .request()
              .post(
                  v.studio + "/images/projects/" + project + "/upload",
                  RequestOptions.create()
                      .setHeader("Accept", "application/json")
                      .setMultipart(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set("file", new FilePayload("plain.png", "image/png", original))));
      assertThat(plain.status()).isEqualTo(400);
      assertThat(plain.text()).contains("private vault").doesNotContain("Exception");
      APIResponse serverEdit =
          v.context
              .request()
              .post(
                  v.studio + "/images/" + image + "/edits",
                  RequestOptions.create()
                      .setHeader("Accept", "application/json")
                      .setForm(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set("provider", "builtin")
                              .set("operation", "rotate")
                              .set("angle", "90")));
      assertThat(serverEdit.status()).isEqualTo(400);
      assertThat(JSON.readTree(serverEdit.body()).get("error").asText())
          .contains("private vault")
          .contains("cannot read it");
      APIResponse text =
          v.context
              .request()
              .post(
                  v.studio + "/images/" + image + "/versions/" + source + "/text-lines",
                  RequestOptions.create().setForm(FormData.create().set("_csrf", csrf)));
      assertThat(text.status()).isEqualTo(422);
      APIResponse again =
          v.context
              .request()
              .post(
                  v.studio + "/images/projects/" + project + "/vault-check",
                  RequestOptions.create()
                      .setForm(
                          FormData.create()
                              .set("_csrf", csrf)
                              .set("check", sealedShape(ImageVaults.CHECK_PLAIN_BYTES))));
      assertThat(again.status()).as("the passphrase is chosen once").isEqualTo(409);
      assertThat(again.text()).contains("already chosen");
      assertThat(
              jdbc.sql("select count(*) from image_job where image_id = :i")
                  .param("i", image)
                  .query(Long.class)
                  .single())
          .as("no job was ever queued for a vault image")
          .isZero();

      // The developer API refuses an AI or built-in edit of a vault image with a clear error.
      String editKey = ApiTestKeys.onePerScope(context, owner).get("edit");
      HttpResponse<String> api =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://localhost:" + port + "/p/image-studio/api/v1/edits"))
                      .header("Authorization", "Bearer " + editKey)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"image\":\""
                                  + image
                                  + "\",\"provider\":\"builtin\",\"operation\":\"rotate\","
                                  + "\"angle\":90,\"prompt\":\"make it brighter\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(422);
      JsonNode problem = JSON.readTree(api.body());
      assertThat(problem.get("reason").asText()).isEqualTo("images.vault.no-server-edits");
      assertThat(problem.get("detail").asText()).contains("private vault");
      String boundary = "vault" + System.nanoTime();
      byte[] multipart =
          concat(
              ("--"
                      + boundary
                      + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.png\""
                      + "\r\nContent-Type: image/png\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII),
              original,
              ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
      HttpResponse<String> apiUpload =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://localhost:"
                                  + port
                                  + "/p/image-studio/api/v1/images?project="
                                  + project))
                      .header("Authorization", "Bearer " + editKey)
                      .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                      .POST(HttpRequest.BodyPublishers.ofByteArray(multipart))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(apiUpload.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(apiUpload.body()).get("reason").asText())
          .isEqualTo("images.upload.vault-plaintext");
      v.assertClean();
    }
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Base64 of an object with a sealed object's shape (format byte, IV, tag) and no meaning. */
  static String sealedShape(int plainBytes) {
    byte[] b = new byte[ImageVaults.OVERHEAD + plainBytes];
    new Random(5).nextBytes(b);
    b[0] = ImageVaults.FORMAT;
    return java.util.Base64.getEncoder().encodeToString(b);
  }

  /** Enters the passphrase on the current vault page and waits for the picture to be drawn. */
  static void unlock(Page page) {
    page.fill("#vault-passphrase", PASSPHRASE);
    page.click("form[data-vault-form=unlock] button[type=submit]");
    page.waitForSelector(
        "canvas[data-vault-canvas][data-drawn]",
        new Page.WaitForSelectorOptions().setTimeout(60_000));
  }

  /** The drawn canvas's pixels as ARGB ints, row by row. */
  static List<Integer> canvasPixels(Page page) {
    @SuppressWarnings("unchecked")
    List<Number> rgba =
        (List<Number>)
            page.evaluate(
                "() => { const c = document.querySelector('canvas[data-vault-canvas]');"
                    + " return [c.width, c.height, ...c.getContext('2d')"
                    + ".getImageData(0, 0, c.width, c.height).data]; }");
    int w = rgba.get(0).intValue();
    int h = rgba.get(1).intValue();
    List<Integer> out = new ArrayList<>();
    out.add(w);
    out.add(h);
    for (int i = 2; i + 3 < rgba.size(); i += 4) {
      out.add(
          (rgba.get(i + 3).intValue() << 24)
              | (rgba.get(i).intValue() << 16)
              | (rgba.get(i + 1).intValue() << 8)
              | rgba.get(i + 2).intValue());
    }
    return out;
  }

  static List<Integer> argb(BufferedImage img) {
    List<Integer> out = new ArrayList<>();
    out.add(img.getWidth());
    out.add(img.getHeight());
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        out.add(img.getRGB(x, y) | 0xff000000);
      }
    }
    return out;
  }

  /** Deterministic noise: every row a byte run found nowhere by chance. */
  static BufferedImage noise(int w, int h, long seed) {
    Random r = new Random(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(0x1000000));
      }
    }
    return img;
  }

  static BufferedImage rotateRight(BufferedImage src) {
    BufferedImage out =
        new BufferedImage(src.getHeight(), src.getWidth(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < out.getHeight(); y++) {
      for (int x = 0; x < out.getWidth(); x++) {
        out.setRGB(x, y, src.getRGB(y, src.getHeight() - 1 - x));
      }
    }
    return out;
  }

  /** Every run of the file at steps of its length: any stored copy, whole or cut, has some. */
  static List<byte[]> fileRuns(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i + RUN <= file.length; i += RUN) {
      out.add(Arrays.copyOfRange(file, i, i + RUN));
    }
    return out;
  }

  /** The picture's pixels as packed RGB rows, a layout the search must find its runs in. */
  static byte[] raw(BufferedImage img) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int p = img.getRGB(x, y);
        out.write((p >> 16) & 0xff);
        out.write((p >> 8) & 0xff);
        out.write(p & 0xff);
      }
    }
    return out.toByteArray();
  }

  /**
   * The needles (all of one length) found in any haystack: every window of each haystack is looked
   * up in a set, so megabytes of database text are searched in one pass.
   */
  static List<String> found(List<byte[]> haystacks, List<byte[]> needles) {
    int k = needles.get(0).length;
    java.util.Set<String> wanted = new java.util.HashSet<>();
    for (byte[] n : needles) {
      assertThat(n).hasSize(k);
      wanted.add(new String(n, StandardCharsets.ISO_8859_1));
    }
    java.util.Set<String> hits = new java.util.LinkedHashSet<>();
    for (byte[] hay : haystacks) {
      String h = new String(hay, StandardCharsets.ISO_8859_1);
      for (int i = 0; i + k <= h.length(); i++) {
        String w = h.substring(i, i + k);
        if (wanted.contains(w)) {
          hits.add(HexFormat.of().formatHex(w.getBytes(StandardCharsets.ISO_8859_1)));
        }
      }
    }
    return new ArrayList<>(hits);
  }

  /** The first 24 bytes of each row's pixels as RGB, RGBA, BGR, BGRA, ARGB and ABGR. */
  static List<byte[]> pixelRuns(BufferedImage img) {
    List<byte[]> out = new ArrayList<>();
    for (String layout : List.of("RGB", "RGBA", "BGR", "BGRA", "ARGB", "ABGR")) {
      for (int y = 0; y < img.getHeight(); y++) {
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        for (int x = 0; x < RUN / layout.length(); x++) {
          int p = img.getRGB(x, y);
          for (char ch : layout.toCharArray()) {
            run.write(
                switch (ch) {
                  case 'R' -> (p >> 16) & 0xff;
                  case 'G' -> (p >> 8) & 0xff;
                  case 'B' -> p & 0xff;
                  default -> 0xff;
                });
          }
        }
        out.add(run.toByteArray());
      }
    }
    return out;
  }

  /** Opens a sealed object as vault.js made it: [1][IV 12][AES-256-GCM], key from PBKDF2. */
  static byte[] open(byte[] sealed, byte[] salt) {
    try {
      SecretKeyFactory f = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
      byte[] key =
          f.generateSecret(
                  new PBEKeySpec(PASSPHRASE.toCharArray(), salt, ImageVaults.ITERATIONS, 256))
              .getEncoded();
      assertThat(sealed[0]).isEqualTo(ImageVaults.FORMAT);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"),
          new GCMParameterSpec(128, sealed, 1, ImageVaults.IV_BYTES));
      return c.doFinal(sealed, 1 + ImageVaults.IV_BYTES, sealed.length - 1 - ImageVaults.IV_BYTES);
    } catch (java.security.GeneralSecurityException e) {
      throw new AssertionError("the stored object does not open with the passphrase", e);
    }
  }
}
