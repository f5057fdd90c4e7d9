package dev.pledge.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A-02 A-05 URLs and headers keep no e-mail addresses, tokens or identifiers")
class IdentifierScrubberTest {

  static final String HEX_TOKEN =
      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Kept byte for byte when nothing is personal, dates included.
        "/p/reference-site/formats/png?period=month&from=2025-01-01 | /p/reference-site/formats/png?period=month&from=2025-01-01",
        "/search?q=png%20vs%20webp | /search?q=png%20vs%20webp",
        "/privacy/requests/verify | /privacy/requests/verify",
        // Single-use tokens in the query, in any shape.
        "/privacy/requests/verify?token=" + HEX_TOKEN + " | /privacy/requests/verify?token=:token",
        "/x?code=AbCdEfGhIjKlMnOpQrStUv | /x?code=:token",
        "/x?jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0 | /x?jwt=:token",
        // E-mail addresses, however encoded.
        "/u/ann@example.com/x?email=ann%2Btag%40example.com&page=2 | /u/:email/x?email=:email&page=2",
        "/u/ann%2540example.com | /u/:email",
        "/x?to=ann.smith%40example.co.uk&ref=newsletter | /x?to=:email&ref=newsletter",
        // A placeholder with other text around it is written back encoded.
        "/x?note=write%20to%20ann@example.com%20today | /x?note=write%20to%20:email%20today",
        "/x?" + HEX_TOKEN + " | /x?:token",
        "/a/3f2504e0-4f89-11d3-9a0c-0305e82c3301/b | /a/:id/b",
      })
  void requestTargets(String target, String scrubbed) {
    assertThat(IdentifierScrubber.requestTarget(target)).isEqualTo(scrubbed);
  }

  @Test
  void referrersKeepTheirOriginAndLoseUserInfoAndSecrets() {
    assertThat(
            IdentifierScrubber.url(
                "https://ann:secret@mail.example:8443/read/ann@example.com?msg=12&to=ann%40example.com#t="
                    + HEX_TOKEN))
        .isEqualTo("https://mail.example:8443/read/:email?msg=12&to=:email#t=:token");
    assertThat(IdentifierScrubber.url("https://www.google.com/"))
        .isEqualTo("https://www.google.com/");
    assertThat(IdentifierScrubber.url("-")).isEqualTo("-");
    assertThat(IdentifierScrubber.url("not a url ann@example.com " + HEX_TOKEN))
        .isEqualTo("not a url :email :token");
  }

  @Test
  void userAgentsStayReadable() {
    String chrome =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.6099.28 Safari/537.36";
    assertThat(IdentifierScrubber.text(chrome)).isEqualTo(chrome);
    String bot = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";
    assertThat(IdentifierScrubber.text(bot)).isEqualTo(bot);
    assertThat(IdentifierScrubber.text("Probe/1.0 (ann@example.com; key " + HEX_TOKEN + ")"))
        .isEqualTo("Probe/1.0 (:email; key :token)");
  }

  @Test
  void pathsAreScrubbedPerSegment() {
    assertThat(IdentifierScrubber.path("/blog/2025-01-31/ann@example.com"))
        .isEqualTo("/blog/2025-01-31/:email");
    assertThat(IdentifierScrubber.path("")).isEqualTo("/");
    assertThat(IdentifierScrubber.path("call/+44 20 7946 0958")).isEqualTo("/call/:phone");
  }
}
