package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** An operator made for a test and signed in to the console in a Chromium context of its own. */
public final class ConsoleOperators {

  private ConsoleOperators() {}

  /** A new operator named {@code prefix} and a random tag, signed in; the console's page. */
  public static Page signedIn(BrowserSession browser, JdbcClient jdbc, int port, String prefix) {
    String name = prefix + "-" + Long.toString(System.nanoTime(), 36);
    String password = "correct horse battery staple";
    jdbc.sql("insert into operator (username, password_hash, created_at) values (:u, :h, :now)")
        .param("u", name)
        .param("h", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8().encode(password))
        .param("now", Timestamp.from(Instant.now()))
        .update();
    Page page = browser.newContext().newPage();
    page.navigate("http://localhost:" + port + "/console/login");
    page.fill("#username", name);
    page.fill("#password", password);
    page.click("form button[type=submit]");
    assertThat(page.url()).doesNotContain("/login");
    return page;
  }
}
