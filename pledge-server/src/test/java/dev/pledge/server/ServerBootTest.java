package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@WithRunningServer
class ServerBootTest {

  @LocalServerPort int port;

  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName("the server boots on the embedded PostgreSQL, runs migrations and reports UP")
  void bootsOnEmbeddedDatabase() throws Exception {
    LocalHttp.Response health = LocalHttp.get(port, "localhost", "/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\":\"UP\"");
    String version = jdbc.sql("select version()").query(String.class).single();
    assertThat(version).startsWith("PostgreSQL");
    assertThat(
            jdbc.sql("select count(*) from policy_version where property_id in (:ids)")
                .param("ids", java.util.List.of("reference-site", "image-studio"))
                .query(Integer.class)
                .single())
        .as("each served policy version is recorded")
        .isEqualTo(2);
  }

  @Test
  @DisplayName("A-23 both /privacy pages are served by path prefix with the data-category table")
  void servesBothPolicyPagesByPrefix() throws Exception {
    LocalHttp.Response reference = LocalHttp.get(port, "localhost", "/p/reference-site/privacy");
    assertThat(reference.status()).isEqualTo(200);
    assertThat(reference.header("content-type")).startsWith("text/html");
    assertThat(reference.body())
        .contains("<table")
        .contains("Server access logs")
        .contains("Up to 90 days, then deleted");
    LocalHttp.Response studio = LocalHttp.get(port, "localhost", "/p/image-studio/privacy");
    assertThat(studio.status()).isEqualTo(200);
    assertThat(studio.body()).contains("<table").contains("7 years");
  }

  @Test
  @DisplayName("a request reaches a property by a domain of its policy and by {id}.localhost")
  void routesByHost() throws Exception {
    LocalHttp.Response byDomain = LocalHttp.get(port, "reference.example.org", "/privacy");
    assertThat(byDomain.status()).isEqualTo(200);
    assertThat(byDomain.body()).contains("Server access logs");
    LocalHttp.Response byLocal = LocalHttp.get(port, "image-studio.localhost:" + port, "/privacy");
    assertThat(byLocal.status()).isEqualTo(200);
    assertThat(byLocal.body()).doesNotContain("Server access logs (truncated IP)");
    LocalHttp.Response none = LocalHttp.get(port, "localhost", "/privacy");
    assertThat(none.status()).as("a host that names no property has no policy").isEqualTo(404);
  }

  @Test
  @DisplayName("the policy is also published as Markdown and JSON, with an ETag")
  void publishesOtherFormats() throws Exception {
    LocalHttp.Response md = LocalHttp.get(port, "localhost", "/p/reference-site/privacy.md");
    assertThat(md.status()).isEqualTo(200);
    assertThat(md.header("content-type")).startsWith("text/markdown");
    assertThat(md.body()).contains("| ");
    LocalHttp.Response json = LocalHttp.get(port, "localhost", "/p/reference-site/privacy.json");
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.body()).contains("\"reference-site\"");
    assertThat(json.header("etag")).isNotBlank();
  }

  @Test
  @DisplayName("the landing page lists both properties with both addresses")
  void landingListsProperties() throws Exception {
    LocalHttp.Response landing = LocalHttp.get(port, "localhost", "/");
    assertThat(landing.status()).isEqualTo(200);
    assertThat(landing.body())
        .contains("/p/reference-site/")
        .contains("reference-site.localhost")
        .contains("/p/image-studio/");
  }

  @Test
  @DisplayName("an unknown property answers 404 with guidance and no stack trace")
  void unknownPropertyIs404WithoutInternals() throws Exception {
    LocalHttp.Response missing = LocalHttp.get(port, "localhost", "/p/no-such-site/privacy");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).doesNotContain("Exception").doesNotContain("at dev.pledge");
    LocalHttp.Response redirect = LocalHttp.get(port, "localhost", "/p/reference-site");
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.header("location")).endsWith("/p/reference-site/");
  }

  @Test
  @DisplayName("A-11 A-12 no page served so far sets a cookie")
  void setsNoCookies() throws Exception {
    for (String path :
        new String[] {"/", "/p/reference-site/", "/p/reference-site/privacy", "/p/nope/"}) {
      assertThat(LocalHttp.get(port, "localhost", path).header("set-cookie"))
          .as("Set-Cookie on " + path)
          .isNull();
    }
  }
}
