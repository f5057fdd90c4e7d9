package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.console.ConsoleClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An upload sent with a body type the studio does not read (found with curl: an animated GIF sent
 * as image/gif) says so, instead of "The file is empty".
 */
@WithRunningServer
class UploadWrongTypeTest {

  /** A 1 × 1 GIF. */
  static final byte[] GIF =
      Base64.getDecoder().decode("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName("a body of another type than the upload routes take is named, not called empty")
  void wrongTypeIsNamed() throws Exception {
    StudioTestAccounts.Account account = StudioTestAccounts.create(jdbc, "Gif Sender", "en");
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.0.1");
    StudioTestAccounts.signIn(studio, account);
    String csrf = ConsoleClient.csrf(studio.get("/p/image-studio/images").body());
    ConsoleClient.Response made =
        studio.post("/p/image-studio/images/projects", Map.of("name", "Gifs", "_csrf", csrf));
    assertThat(made.location()).as("the project is made: %s", made.status()).isNotNull();
    String upload = made.location().replaceFirst("^https?://[^/]+", "") + "/upload";

    ConsoleClient.Response gif =
        studio.send(
            "POST",
            upload,
            new String(GIF, StandardCharsets.ISO_8859_1),
            Map.of("Content-Type", "image/gif", "X-XSRF-TOKEN", csrf));
    assertThat(gif.status()).isEqualTo(400);
    assertThat(gif.body())
        .contains("The upload came as image/gif, which the studio does not read")
        .doesNotContain("The file is empty");

    // A form without its file is still an empty upload.
    ConsoleClient.Response form =
        studio.send(
            "POST",
            upload,
            "--b\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--b--\r\n",
            Map.of("Content-Type", "multipart/form-data; boundary=b", "X-XSRF-TOKEN", csrf));
    assertThat(form.status()).isEqualTo(400);
    assertThat(form.body()).contains("The file is empty");
  }
}
