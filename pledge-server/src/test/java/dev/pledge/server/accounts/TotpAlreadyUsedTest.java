package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.console.ConsoleClient;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The authenticator's code, already used, is refused with the reason and what to do. */
@WithRunningServer
class TotpAlreadyUsedTest {

  private static final Pattern KEY = Pattern.compile("data-totp-key[^>]*>\\s*([A-Z2-7 ]+?)\\s*<");

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName(
      "signing in with the code just used to enrol (same 30-second step) says the code was"
          + " already used and to wait for the next one, not that it is wrong; the next code"
          + " signs in")
  void theEnrolmentCodeIsAlreadyUsed() throws Exception {
    StudioTestAccounts.Account account = StudioTestAccounts.create(jdbc, "Same Step", "en");
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.21.3");
    StudioTestAccounts.signIn(studio, account);
    ConsoleClient.Response enrolPage = studio.get("/p/image-studio/account/security/totp");
    assertThat(enrolPage.status()).isEqualTo(200);
    Matcher key = KEY.matcher(enrolPage.body());
    assertThat(key.find()).as("the manual key on the page").isTrue();
    String code = MailAndCodes.totp(key.group(1).strip(), TestClock.get().instant());
    ConsoleClient.Response enrolled =
        studio.post(
            "/p/image-studio/account/security/totp",
            Map.of("code", code, "_csrf", ConsoleClient.csrf(enrolPage.body())));
    assertThat(enrolled.status()).isEqualTo(200);
    assertThat(enrolled.body()).contains("Your recovery codes");

    ConsoleClient again = ConsoleClient.anonymous(port, "127.0.21.4");
    ConsoleClient.Response password = StudioTestAccounts.signIn(again, account);
    assertThat(password.location()).endsWith("/sign-in/code");
    ConsoleClient.Response codePage = again.get("/p/image-studio/sign-in/code");
    ConsoleClient.Response used =
        again.post(
            "/p/image-studio/sign-in/code",
            Map.of("code", code, "_csrf", ConsoleClient.csrf(codePage.body())));
    assertThat(used.status()).isEqualTo(400);
    assertThat(used.body())
        .contains("That code was already used")
        .contains("Wait for the next code")
        .doesNotContain("That code is not right");

    ConsoleClient.Response wrong =
        again.post(
            "/p/image-studio/sign-in/code",
            Map.of("code", "000000", "_csrf", ConsoleClient.csrf(used.body())));
    assertThat(wrong.body())
        .as("a wrong code is still called wrong")
        .contains("That code is not right")
        .doesNotContain("already used");

    TestClock.advance(Duration.ofSeconds(30));
    String next = MailAndCodes.totp(key.group(1).strip(), TestClock.get().instant());
    ConsoleClient.Response signedIn =
        again.post(
            "/p/image-studio/sign-in/code",
            Map.of("code", next, "_csrf", ConsoleClient.csrf(wrong.body())));
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(again.get("/p/image-studio/account").status()).isEqualTo(200);
  }
}
