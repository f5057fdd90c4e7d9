package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.LocalHttp;
import dev.pledge.server.WithRunningServer;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The public rights pages over HTTP: the privacy center's form and the confirmation page the
 * acknowledgement links to. Each test posts from its own loopback address, so rate limits of one
 * test never touch another.
 */
@WithRunningServer
class PrivacyCenterTest {

  static final String CENTER = "/p/reference-site/privacy/requests";
  static final String VERIFY = CENTER + "/verify";

  @LocalServerPort int port;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;

  static String address(String name) {
    return name + "-" + System.nanoTime() + "@example.net";
  }

  /** A request awaiting verification, and its token. */
  record Pending(RightsRequest request, String token) {}

  Pending pending() {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.ERASURE,
                null,
                RequestChannel.FORM,
                "privacy-form",
                address("pending"),
                null,
                null,
                false),
            "test");
    return new Pending(r, requests.issueVerificationToken(r.reference()).orElseThrow());
  }

  RightsRequestStatus status(RightsRequest r) {
    return requests.byReference(r.reference()).orElseThrow().status();
  }

  Map<String, String> form(String kind, String email) {
    return Map.of("kind", kind, "email", email, "details", "");
  }

  @Test
  @DisplayName(
      "A-15 B-29 opening the confirmation link only shows a button; the POST verifies, once")
  void verifyGetDoesNotConsume() throws Exception {
    Pending p = pending();
    // What a browser sends for …/verify#t=TOKEN: the fragment stays in the browser.
    LocalHttp.Response page = PublicHttp.get(port, "127.0.1.1", VERIFY);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("Confirm my request")
        .contains("The code from our e-mail")
        .contains("/p/reference-site/assets/pledge-token-link.js");
    assertThat(page.headers("set-cookie")).as("A-11 no cookie").isEmpty();
    assertThat(page.header("content-security-policy")).contains("script-src 'self'");
    assertThat(page.headers("referrer-policy")).containsExactly("no-referrer");
    // A link from before tokens moved to the fragment fills the form; a scanner fetching it twice
    // changes nothing.
    LocalHttp.Response legacy = PublicHttp.get(port, "127.0.1.1", VERIFY + "?token=" + p.token());
    assertThat(legacy.body()).contains("value=\"" + p.token() + "\"");
    assertThat(legacy.headers("referrer-policy")).containsExactly("no-referrer");
    PublicHttp.get(port, "127.0.1.1", VERIFY + "?token=" + p.token());
    assertThat(status(p.request())).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);

    LocalHttp.Response done =
        PublicHttp.post(
            port,
            "127.0.1.1",
            VERIFY,
            Map.of("token", p.token()),
            Map.of("Origin", "http://localhost:" + port, "Sec-Fetch-Site", "same-origin"));
    assertThat(done.status()).isEqualTo(200);
    assertThat(done.body()).contains(p.request().reference()).contains("What happens next");
    assertThat(done.headers("set-cookie")).isEmpty();
    assertThat(status(p.request())).isEqualTo(RightsRequestStatus.VERIFIED);

    // Used, unknown and empty tokens get one and the same answer.
    String used =
        PublicHttp.post(port, "127.0.1.1", VERIFY, Map.of("token", p.token()), Map.of()).body();
    String unknown =
        PublicHttp.post(port, "127.0.1.1", VERIFY, Map.of("token", "no-such-token"), Map.of())
            .body();
    String empty = PublicHttp.post(port, "127.0.1.1", VERIFY, Map.of(), Map.of()).body();
    assertThat(used).contains("not valid").isEqualTo(unknown).isEqualTo(empty);
  }

  @Test
  @DisplayName("A-21 the link in the acknowledgement works on the property's own domain")
  void linkOnTheDomain() throws Exception {
    Pending p = pending();
    // The acknowledgement links to the property's first domain (RightsMailIntakeTest checks it).
    LocalHttp.Response page =
        LocalHttp.get(port, "reference.example.org", "/privacy/requests/verify");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Confirm my request").contains("/assets/pledge-token-link.js");
    LocalHttp.Response script =
        LocalHttp.get(port, "reference.example.org", "/assets/pledge-token-link.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.body()).contains("#t=");
  }

  @Test
  @DisplayName(
      "A-15 a confirmation token works only under its own property's page: another"
          + " property's path or host confirms nothing and does not spend it")
  void tokenBoundToItsProperty() throws Exception {
    Pending p = pending(); // a request to the reference site
    Map<String, String> sameOrigin = Map.of("Sec-Fetch-Site", "same-origin");
    LocalHttp.Response underPath =
        PublicHttp.post(
            port,
            "127.0.1.6",
            "/p/image-studio/privacy/requests/verify",
            Map.of("token", p.token()),
            sameOrigin);
    assertThat(underPath.status()).isEqualTo(200);
    assertThat(underPath.body()).contains("not valid").doesNotContain(p.request().reference());
    LocalHttp.Response underHost =
        LocalHttp.send(
            port,
            "image-studio.localhost",
            "POST",
            "/privacy/requests/verify",
            Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Sec-Fetch-Site", "same-origin"),
            "token=" + p.token());
    assertThat(underHost.status()).isEqualTo(200);
    assertThat(underHost.body()).contains("not valid").doesNotContain(p.request().reference());
    assertThat(status(p.request())).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);

    LocalHttp.Response own =
        PublicHttp.post(port, "127.0.1.6", VERIFY, Map.of("token", p.token()), sameOrigin);
    assertThat(own.body()).contains(p.request().reference());
    assertThat(status(p.request())).isEqualTo(RightsRequestStatus.VERIFIED);
  }

  @Test
  @DisplayName("A-13 a POST a browser reports as cross-site is refused and consumes nothing")
  void crossOriginRefused() throws Exception {
    Pending p = pending();
    LocalHttp.Response byOrigin =
        PublicHttp.post(
            port,
            "127.0.1.2",
            VERIFY,
            Map.of("token", p.token()),
            Map.of("Origin", "https://evil.example"));
    LocalHttp.Response byFetchSite =
        PublicHttp.post(
            port,
            "127.0.1.2",
            VERIFY,
            Map.of("token", p.token()),
            Map.of("Sec-Fetch-Site", "cross-site", "Origin", "http://localhost:" + port));
    LocalHttp.Response form =
        PublicHttp.post(
            port,
            "127.0.1.2",
            CENTER,
            form("erasure", address("x")),
            Map.of("Origin", "https://evil.example"));
    assertThat(byOrigin.status()).isEqualTo(403);
    assertThat(byFetchSite.status()).isEqualTo(403);
    assertThat(form.status()).isEqualTo(403);
    assertThat(form.body()).contains("sent from another website");
    assertThat(status(p.request())).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);
  }

  @Test
  @DisplayName(
      "A-15 A-16 B-29 the privacy center answers the same for a known and an unknown address")
  void neutralAnswers() throws Exception {
    LocalHttp.Response page = PublicHttp.get(port, "127.0.1.3", CENTER);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers("set-cookie")).isEmpty();
    assertThat(page.body())
        .contains("value=\"erasure\"")
        .contains("value=\"access\"")
        .contains("value=\"objection\"")
        .contains("value=\"opt-out-of-sale\"")
        .contains("value=\"analytics\"")
        .contains("We do not sell");

    Pending known = pending(); // an address with a request already
    String knownAddress = known.request().requesterAddress();
    LocalHttp.Response a =
        PublicHttp.post(port, "127.0.1.3", CENTER, form("access", knownAddress), Map.of());
    LocalHttp.Response b =
        PublicHttp.post(port, "127.0.1.3", CENTER, form("access", address("nobody")), Map.of());
    assertThat(a.status()).isEqualTo(200).isEqualTo(b.status());
    assertThat(a.body()).contains("Check your inbox").isEqualTo(b.body());
    assertThat(a.headers("set-cookie")).isEmpty();

    Integer opened =
        jdbc.sql(
                "select count(*) from rights_request where requester_address = :a"
                    + " and channel = 'form' and kind = 'access'")
            .param("a", knownAddress)
            .query(Integer.class)
            .single();
    assertThat(opened).isEqualTo(1);
  }

  @Test
  @DisplayName("B-40 A-15 an objection names its purpose, and details go into the history")
  void objectionWithDetails() throws Exception {
    String email = address("objector");
    LocalHttp.Response r =
        PublicHttp.post(
            port,
            "127.0.1.4",
            CENTER,
            Map.of(
                "kind", "objection", "purpose", "analytics", "email", email, "details", "Hi <b>"),
            Map.of());
    assertThat(r.status()).isEqualTo(200);
    String reference =
        jdbc.sql("select reference from rights_request where requester_address = :a")
            .param("a", email)
            .query(String.class)
            .single();
    RightsRequest opened = requests.byReference(reference).orElseThrow();
    assertThat(opened.purpose()).isEqualTo(ObjectionPurpose.ANALYTICS);
    assertThat(opened.channelId()).isEqualTo("privacy-form");
    assertThat(requests.history(reference))
        .anySatisfy(e -> assertThat(e.note()).isEqualTo("Hi <b>"));
  }

  @Test
  @DisplayName("B-29 invalid input gets 400 with what, where and how to fix — no stack trace")
  void validation() throws Exception {
    LocalHttp.Response r =
        PublicHttp.post(
            port,
            "127.0.1.5",
            CENTER,
            Map.of("kind", "objection", "email", "not-an-address", "details", "x".repeat(2001)),
            Map.of());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .contains("Please correct the form")
        .contains("Choose the use of your data you object to")
        .contains("should look like name@example.org")
        .contains("shorten it to 2000")
        .contains("value=\"not-an-address\"")
        .doesNotContain("Exception")
        .doesNotContain("at dev.pledge");
    LocalHttp.Response noKind =
        PublicHttp.post(port, "127.0.1.5", CENTER, Map.of("kind", "sell-me"), Map.of());
    assertThat(noKind.status()).isEqualTo(400);
    assertThat(noKind.body())
        .contains("Choose what you want us to do")
        .contains("Enter the e-mail");
  }

  @Test
  @DisplayName("B-29 the form is rate-limited per target address and per client: 429")
  void rateLimits() throws Exception {
    String target = address("flooded");
    for (int i = 0; i < 3; i++) {
      assertThat(
              PublicHttp.post(port, "127.0.2." + (i + 1), CENTER, form("erasure", target), Map.of())
                  .status())
          .isEqualTo(200);
    }
    LocalHttp.Response limited =
        PublicHttp.post(port, "127.0.2.9", CENTER, form("erasure", target.toUpperCase()), Map.of());
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.body()).contains("Too many requests").contains("try again in");
    assertThat(limited.header("retry-after")).isNotNull();

    int last = 0;
    for (int i = 0; i < 11; i++) {
      last =
          PublicHttp.post(port, "127.0.3.1", CENTER, form("access", address("many")), Map.of())
              .status();
    }
    assertThat(last).isEqualTo(429);
  }

  @Test
  @DisplayName("B-29 the published policy links to the privacy center")
  void policyLinks() throws Exception {
    LocalHttp.Response policy = LocalHttp.get(port, "localhost", "/p/reference-site/privacy");
    assertThat(policy.body())
        .contains("href=\"/p/reference-site/privacy/requests\"")
        .as("the policy's own channel links carry the prefix too")
        .doesNotContain("href=\"/privacy/requests\"");
    LocalHttp.Response byHost = LocalHttp.get(port, "reference.example.org", "/privacy");
    assertThat(byHost.body()).contains("href=\"/privacy/requests\"");
  }

  @Test
  @DisplayName(
      "B-36 the studio's published policy links to its public security page under its prefix")
  void securityPageLink() throws Exception {
    LocalHttp.Response policy = LocalHttp.get(port, "localhost", "/p/image-studio/privacy");
    assertThat(policy.body())
        .as("under /p/image-studio, /security is another property's address and answers 404")
        .contains("href=\"/p/image-studio/security\"")
        .doesNotContain("href=\"/security\"");
    assertThat(LocalHttp.get(port, "localhost", "/p/image-studio/security").status())
        .isEqualTo(200);
    LocalHttp.Response byHost = LocalHttp.get(port, "studio.example.com", "/privacy");
    assertThat(byHost.body()).contains("href=\"/security\"");
  }
}
