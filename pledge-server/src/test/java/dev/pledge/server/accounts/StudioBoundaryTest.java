package dev.pledge.server.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.LocalHttp;
import dev.pledge.server.WithRunningServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Where the studio ends: its pages answer on its host and prefix only; the reference site and the
 * server root have no account pages and set no cookie; the engine's pages on the
 * studio stay cookieless; the studio's own pages carry its strict policy.
 */
@WithRunningServer
class StudioBoundaryTest {

  @LocalServerPort int port;

  @Test
  @DisplayName(
      "A-03 A-11 the reference site and the root have no /account, /sign-in or /sign-up, and no cookie")
  void referenceSiteHasNoAccounts() throws Exception {
    for (String path :
        new String[] {"/account", "/sign-in", "/sign-up", "/account/privacy", "/teams"}) {
      LocalHttp.Response prefixed = LocalHttp.get(port, "localhost", "/p/reference-site" + path);
      assertThat(prefixed.status()).as("reference site %s", path).isEqualTo(404);
      assertThat(prefixed.headers("set-cookie")).as("reference site %s", path).isEmpty();
      LocalHttp.Response byHost = LocalHttp.get(port, "reference-site.localhost", path);
      assertThat(byHost.status()).isEqualTo(404);
      assertThat(byHost.headers("set-cookie")).isEmpty();
      LocalHttp.Response root = LocalHttp.get(port, "localhost", path);
      assertThat(root.status()).as("server root %s", path).isEqualTo(404);
      assertThat(root.headers("set-cookie")).isEmpty();
    }
  }

  @Test
  @DisplayName("the studio answers on its own host, with its CSP and a CSRF cookie scoped to it")
  void studioOnItsHost() throws Exception {
    LocalHttp.Response signIn = LocalHttp.get(port, "image-studio.localhost", "/sign-in");
    assertThat(signIn.status()).isEqualTo(200);
    assertThat(signIn.header("content-security-policy"))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(signIn.headers("set-cookie"))
        .singleElement()
        .satisfies(
            c -> assertThat(c).startsWith("XSRF-TOKEN=").contains("Path=/;").contains("HttpOnly"));

    LocalHttp.Response prefixed = LocalHttp.get(port, "localhost", "/p/image-studio/sign-in");
    assertThat(prefixed.headers("set-cookie"))
        .singleElement()
        .satisfies(c -> assertThat(c).contains("Path=/p/image-studio;"));
  }

  @Test
  @DisplayName("the engine's pages on the studio stay cookieless; an unknown studio path is a 404")
  void enginePagesAndUnknownPaths() throws Exception {
    LocalHttp.Response policy = LocalHttp.get(port, "localhost", "/p/image-studio/privacy");
    assertThat(policy.status()).isEqualTo(200);
    assertThat(policy.headers("set-cookie")).isEmpty();
    LocalHttp.Response center =
        LocalHttp.get(port, "localhost", "/p/image-studio/privacy/requests");
    assertThat(center.status()).isEqualTo(200);
    assertThat(center.headers("set-cookie")).isEmpty();

    LocalHttp.Response unknown = LocalHttp.get(port, "localhost", "/p/image-studio/no-such-page");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("Page not found");
    LocalHttp.Response account = LocalHttp.get(port, "localhost", "/p/image-studio/account");
    assertThat(account.status()).as("signed out: to the sign-in page").isEqualTo(302);
    assertThat(account.header("location")).endsWith("/p/image-studio/sign-in?next=%2Faccount");
  }
}
