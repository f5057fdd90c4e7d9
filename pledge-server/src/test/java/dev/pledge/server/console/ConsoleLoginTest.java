package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.LocalHttp;
import dev.pledge.server.WithRunningServer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Signing in to the console, and everything that keeps it closed to everybody else. */
@WithRunningServer
class ConsoleLoginTest {

  /** Each test connects from its own loopback address, so throttling stays within the test. */
  private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(10);

  static final String PASSWORD = "correct horse battery staple";

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired JdbcClient jdbc;

  private String operator(String name) {
    accounts.create(name, PASSWORD);
    return name;
  }

  private ConsoleClient client() {
    return new ConsoleClient(port, "127.0.1." + NEXT_ADDRESS.incrementAndGet(), "localhost");
  }

  @Test
  void everyConsolePageRedirectsToTheLoginPageWithoutASession() throws Exception {
    ConsoleClient anonymous = client();
    for (String path :
        new String[] {
          "/console",
          "/console/",
          "/console/account",
          "/console/reference-site/analytics",
          "/console/reference-site/analytics.csv?table=pages"
        }) {
      ConsoleClient.Response r = anonymous.get(path);
      assertThat(r.status()).as(path).isEqualTo(302);
      assertThat(r.location()).as(path).endsWith("/console/login");
    }
    ConsoleClient.Response login = anonymous.get("/console/login");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.body()).contains("<h1 id=\"login-title\">Sign in</h1>");
    assertThat(ConsoleClient.csrf(login.body())).isNotBlank();
    assertThat(login.header("content-security-policy")).contains("script-src 'self'");
  }

  @Test
  void theSessionCookieIsStrictAndConfinedToTheConsole() throws Exception {
    String name = operator("strict-cookie");
    ConsoleClient browser = client();
    ConsoleClient.Response page = browser.get("/console/login");
    String csrf = page.header("set-cookie");
    assertThat(csrf).startsWith(ConsoleCsrfCookie.NAME + "=");
    assertThat(csrf).contains("Path=/console").contains("HttpOnly").contains("Secure");
    assertThat(csrf).containsIgnoringCase("SameSite=Strict");
    assertThat(csrf).doesNotContain("Max-Age").doesNotContain("Expires");

    ConsoleClient.Response signedIn = browser.login(name, PASSWORD);
    String cookie =
        signedIn.headers("set-cookie").stream()
            .filter(c -> c.startsWith("JSESSIONID="))
            .findFirst()
            .orElseThrow();
    assertThat(cookie).contains("Path=/console").contains("HttpOnly").contains("Secure");
    assertThat(cookie).containsIgnoringCase("SameSite=Strict");
    assertThat(cookie).doesNotContain("Max-Age").doesNotContain("Expires");
  }

  @Test
  @DisplayName(
      "anonymous visits open no console session: 50 GETs of the sign-in page and 50 of a"
          + " protected page add no console_session row and set no session cookie; signing in"
          + " from that page still works and comes back to the page asked for")
  void anonymousVisitsWriteNoSessionRow() throws Exception {
    long before = sessionRows();
    ConsoleClient visitor = client();
    for (int i = 0; i < 50; i++) {
      ConsoleClient flood = client();
      ConsoleClient.Response login = flood.get("/console/login");
      assertThat(login.status()).isEqualTo(200);
      assertThat(login.headers("set-cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
      ConsoleClient.Response page = flood.get("/console/requests");
      assertThat(page.status()).isEqualTo(302);
      assertThat(page.location()).endsWith("/console/login");
      assertThat(page.headers("set-cookie")).noneMatch(c -> c.startsWith("JSESSIONID="));
    }
    assertThat(visitor.get("/console/requests").location()).endsWith("/console/login");
    assertThat(sessionRows()).as("console_session rows after 100 anonymous GETs").isEqualTo(before);

    String name = operator("after-the-flood");
    ConsoleClient.Response signedIn = visitor.login(name, PASSWORD);
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.location()).as("back to the page asked for").endsWith("/console/requests");
    ConsoleClient.Response requests = visitor.get("/console/requests");
    assertThat(requests.status()).isEqualTo(200);
    assertThat(requests.headers("set-cookie"))
        .as("the page to return to is forgotten once reached")
        .anySatisfy(c -> assertThat(c).startsWith(ConsoleReturnCookie.NAME + "=;"));
    assertThat(sessionRows()).isEqualTo(before + 1);
  }

  private long sessionRows() {
    return jdbc.sql("select count(*) from console_session").query(Long.class).single();
  }

  @Test
  void theRightPasswordSignsInAndRecordsTheTime() throws Exception {
    String name = operator("signs-in");
    ConsoleClient browser = client();
    ConsoleClient.Response login = browser.login(name, PASSWORD);
    assertThat(login.status()).isEqualTo(302);
    assertThat(login.location()).endsWith("/console/");
    assertThat(login.header("set-cookie"))
        .as("a new session id after sign-in")
        .contains("Path=/console");

    ConsoleClient.Response home = browser.get("/console/");
    assertThat(home.status()).isEqualTo(200);
    assertThat(home.body())
        .contains("Reference site")
        .contains("/console/reference-site/analytics");
    assertThat(home.body()).contains("/p/reference-site/privacy");
    assertThat(accounts.find(name).orElseThrow().lastLoginAt()).isNotNull();
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    String name = operator("wrong-password");
    ConsoleClient browser = client();
    ConsoleClient.Response login = browser.login(name, "not the password at all");
    assertThat(login.status()).isEqualTo(302);
    assertThat(login.location()).endsWith("/console/login?error");
    assertThat(browser.get("/console/login?error").body()).contains("Wrong username or password.");
    assertThat(browser.get("/console/").status()).isEqualTo(302);
    assertThat(accounts.find(name).orElseThrow().lastLoginAt()).isNull();

    ConsoleClient.Response unknown = client().login("nobody-here", PASSWORD);
    assertThat(unknown.location()).endsWith("/console/login?error");
  }

  @Test
  void aLoginWithoutTheCsrfTokenIsRefused() throws Exception {
    String name = operator("no-csrf");
    ConsoleClient browser = client();
    browser.get("/console/login");
    ConsoleClient.Response login =
        browser.post("/console/login", Map.of("username", name, "password", PASSWORD));
    assertThat(login.status()).isEqualTo(403);
    assertThat(browser.get("/console/").status()).isEqualTo(302);
  }

  @Test
  @DisplayName(
      "wrong passwords for one username from one address slow that address, even with the right"
          + " password; the operator signs in from another address at once")
  void wrongPasswordsSlowTheirAddressNotTheOperator() throws Exception {
    String name = operator("throttled-user");
    ConsoleClient attacker = client();
    for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
      assertThat(attacker.login(name, "guess number " + i).location())
          .endsWith("/console/login?error");
    }
    ConsoleClient.Response refused = attacker.login(name, PASSWORD);
    assertThat(refused.location()).endsWith("/console/login?locked=1");
    assertThat(attacker.get("/console/login?locked=1").body())
        .contains("Too many failed sign-ins")
        .contains("Try again in")
        .contains("1 minute");
    assertThat(attacker.get("/console/").status()).isEqualTo(302);

    ConsoleClient operator = client();
    assertThat(operator.login(name, PASSWORD).location())
        .as("the same operator from another address is not locked out")
        .endsWith("/console/");
    assertThat(operator.get("/console/").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("failures spread over many addresses lock nobody out")
  void failuresFromManyAddressesLockNobodyOut() throws Exception {
    String name = operator("throttled-from-everywhere");
    for (int i = 0; i < LoginThrottle.FREE_FAILURES * 3; i++) {
      assertThat(client().login(name, "guess number " + i).location())
          .endsWith("/console/login?error");
    }
    assertThat(client().login(name, PASSWORD).location()).endsWith("/console/");
  }

  @Test
  void manyUsernamesFromOneAddressSlowThatAddress() throws Exception {
    String name = operator("throttled-address");
    ConsoleClient attacker = client();
    for (int i = 0; i < LoginThrottle.FREE_FAILURES_PER_NETWORK; i++) {
      // A different username each time: the address alone must trigger the back-off.
      assertThat(attacker.login("someone-" + i, "guess").location())
          .endsWith("/console/login?error");
    }
    assertThat(attacker.login(name, PASSWORD).location()).contains("/console/login?locked=");
    assertThat(client().login(name, PASSWORD).location())
        .as("the same operator from another address")
        .endsWith("/console/");
  }

  @Test
  void signingOutEndsTheSession() throws Exception {
    String name = operator("signs-out");
    ConsoleClient browser = client();
    browser.login(name, PASSWORD);
    ConsoleClient.Response home = browser.get("/console/");
    assertThat(home.status()).isEqualTo(200);
    String sessionBefore = browser.cookies().get("JSESSIONID");

    ConsoleClient.Response logout =
        browser.post("/console/logout", Map.of("_csrf", ConsoleClient.csrf(home.body())));
    assertThat(logout.status()).isEqualTo(302);
    assertThat(logout.location()).endsWith("/console/login?logout");
    assertThat(logout.headers("set-cookie"))
        .anySatisfy(c -> assertThat(c).startsWith("JSESSIONID=;").contains("Path=/console"));
    assertThat(browser.get("/console/login?logout").body()).contains("You are signed out.");

    ConsoleClient replay = client();
    replay.cookies().put("JSESSIONID", sessionBefore);
    assertThat(replay.get("/console/").status()).as("the old session id is dead").isEqualTo(302);
  }

  @Test
  @DisplayName(
      "the console's sessions table keys a session by the SHA-256 of its id and holds the id"
          + " nowhere; the row names the signed-in operator and goes at sign-out (issue 18)")
  void theSessionTableHoldsOnlyTheHashOfTheId() throws Exception {
    String name = operator("hashed-session");
    ConsoleClient browser = client();
    browser.login(name, PASSWORD);
    ConsoleClient.Response home = browser.get("/console/");
    assertThat(home.status()).isEqualTo(200);
    String id = browser.cookies().get("JSESSIONID");
    byte[] idBytes = id.getBytes(StandardCharsets.US_ASCII);
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(idBytes);

    assertThat(
            jdbc.sql("select operator from console_session where session_hash = :hash")
                .param("hash", hash)
                .query(String.class)
                .list())
        .containsExactly(name);
    assertThat(
            jdbc.sql(
                    """
                    select count(*) from console_session
                    where position(:id in session_hash) > 0 or position(:id in attributes) > 0
                      or position(:text in coalesce(operator, '')) > 0
                    """)
                .param("id", idBytes)
                .param("text", id)
                .query(Long.class)
                .single())
        .as("rows holding the session id itself")
        .isZero();

    browser.post("/console/logout", Map.of("_csrf", ConsoleClient.csrf(home.body())));
    assertThat(
            jdbc.sql("select count(*) from console_session where session_hash = :hash")
                .param("hash", hash)
                .query(Long.class)
                .single())
        .as("the row after sign-out")
        .isZero();
  }

  @Test
  @DisplayName(
      "an address an operator searched for is kept in the session sealed: the table alone reads"
          + " it nowhere, the operator's own requests still do")
  void sessionAttributesAreSealed() throws Exception {
    String name = operator("sealed-session");
    ConsoleClient browser = client();
    browser.login(name, PASSWORD);
    String address = "sealed-" + System.nanoTime() + "@example.org";
    ConsoleClient.Response searched =
        browser.post(
            "/console/requests/search",
            Map.of(
                "q",
                address,
                "_csrf",
                ConsoleClient.csrf(browser.get("/console/requests").body())));
    assertThat(searched.status()).isEqualTo(302);
    String location = searched.location();
    assertThat(browser.get(location.substring(location.indexOf("/console/"))).body())
        .as("the search, read back through the session")
        .contains("data-search=\"address\"");

    byte[] hash =
        MessageDigest.getInstance("SHA-256")
            .digest(browser.cookies().get("JSESSIONID").getBytes(StandardCharsets.US_ASCII));
    byte[] attributes =
        jdbc.sql("select attributes from console_session where session_hash = :hash")
            .param("hash", hash)
            .query(byte[].class)
            .single();
    assertThat(new String(attributes, StandardCharsets.ISO_8859_1))
        .as("the stored attributes")
        .doesNotContain(address)
        .doesNotContain("sealed-")
        .doesNotContain("SecurityContext")
        .doesNotContain(name);
  }

  @Test
  void theConsoleIsNotServedUnderAProperty() throws Exception {
    ConsoleClient prefixed = client();
    for (String path :
        new String[] {
          "/p/reference-site/console",
          "/p/reference-site/console/",
          "/p/reference-site/console/login",
          "/p/reference-site/console/reference-site/analytics"
        }) {
      ConsoleClient.Response r = prefixed.get(path);
      assertThat(r.status()).as(path).isEqualTo(404);
      assertThat(r.headers("set-cookie")).as(path).isEmpty();
    }
    ConsoleClient onPropertyHost = new ConsoleClient(port, "127.0.0.1", "reference-site.localhost");
    ConsoleClient.Response r = onPropertyHost.get("/console/login");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.headers("set-cookie")).isEmpty();
    assertThat(r.body()).doesNotContain("password");
  }

  @Test
  @DisplayName(
      "A-11 A-12 public pages never set a cookie, even after an operator signed in to the console")
  void publicPagesSetNoCookieAfterAConsoleLogin() throws Exception {
    String name = operator("then-reads-the-site");
    ConsoleClient browser = client();
    assertThat(browser.login(name, PASSWORD).location()).endsWith("/console/");
    assertThat(browser.get("/console/").status()).isEqualTo(200);

    for (String path :
        new String[] {"/p/reference-site/privacy", "/p/reference-site/", "/", "/p/image-studio/"}) {
      LocalHttp.Response page = LocalHttp.get(port, "localhost", path);
      assertThat(page.status()).as(path).isLessThan(400);
      assertThat(page.header("set-cookie")).as(path).isNull();
      // Even a browser that sends the console's cookie along gets none back.
      ConsoleClient.Response withCookie = browser.get(path);
      assertThat(withCookie.headers("set-cookie")).as(path).isEmpty();
    }
  }
}
