package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.LocalHttp;
import dev.pledge.server.WithRunningServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The reference site's demo content served by the whole server. */
@WithRunningServer
class SiteServingTest {

  static final String SITE = "/p/reference-site";
  static final String EDITORIAL = "editor@reference.example.org";

  @LocalServerPort int port;

  private final HttpClient client = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + SITE + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse(null);
  }

  @Test
  @DisplayName("a Markdown page is rendered with its front matter, tables and heading anchors")
  void rendersMarkdown() throws Exception {
    HttpResponse<String> formats = get("/formats");
    assertThat(formats.statusCode()).isEqualTo(200);
    assertThat(header(formats, "content-type")).isEqualTo("text/html;charset=UTF-8");
    assertThat(formats.body())
        .contains("<title>Image formats · A field guide to image file formats</title>")
        .contains("<meta name=\"description\" content=\"The four formats of the web side by side")
        .contains("<h1>Image formats</h1>")
        .contains("<time datetime=\"2025-02-03\">3 February 2025</time>")
        .contains("<h2 id=\"choosing-in-three-questions\">Choosing in three questions</h2>")
        .contains("<th>Transparency</th>")
        .contains("<td><a href=\"formats/png\">PNG</a></td>")
        .doesNotContain("---")
        .doesNotContain("nav:");
    HttpResponse<String> png = get("/formats/png");
    assertThat(png.body())
        .contains("<img src=\"../images/png-chunks.svg\"")
        .contains("href=\"../concepts/compression\"");
  }

  @Test
  @DisplayName("the navigation follows nav.order: home, formats, concepts, about, contact")
  void navigationOrder() throws Exception {
    String home = get("/").body();
    assertThat(links(section(home, "<nav class=\"site-nav\"", "</nav>")))
        .containsExactly(
            SITE + "/", SITE + "/formats", SITE + "/concepts", SITE + "/about", SITE + "/contact");
    String png = get("/formats/png").body();
    String sectionMenu = section(png, "<nav class=\"section-nav\"", "</nav>");
    assertThat(links(sectionMenu))
        .containsExactly(
            SITE + "/formats",
            SITE + "/formats/png",
            SITE + "/formats/jpeg",
            SITE + "/formats/webp",
            SITE + "/formats/avif");
    assertThat(sectionMenu)
        .contains("<a href=\"" + SITE + "/formats/png\" aria-current=\"page\">PNG</a>");
    assertThat(links(section(home, "<section class=\"overview\"", "</main>")))
        .contains(SITE + "/concepts/metadata-and-privacy", SITE + "/formats/avif");
  }

  @Test
  @DisplayName("source names, index names and trailing slashes redirect (301) to the clean URL")
  void redirectsToCleanUrls() throws Exception {
    assertMoved("/formats/png.md", SITE + "/formats/png");
    assertMoved("/formats/png/", SITE + "/formats/png");
    assertMoved("/formats/", SITE + "/formats");
    assertMoved("/formats/index.md", SITE + "/formats");
    assertMoved("/formats/index", SITE + "/formats");
    assertMoved("/index.md", SITE + "/");
    assertMoved("/about.md?ref=old", SITE + "/about?ref=old");
    LocalHttp.Response byHost =
        LocalHttp.get(port, "reference-site.localhost", "/concepts/compression.md");
    assertThat(byHost.status()).isEqualTo(301);
    assertThat(byHost.header("location")).endsWith("/concepts/compression");
    assertThat(byHost.header("location")).doesNotContain("/p/");
  }

  private void assertMoved(String path, String location) throws Exception {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(301);
    assertThat(
            URI.create(header(response, "location")).getRawPath()
                + (URI.create(header(response, "location")).getRawQuery() == null
                    ? ""
                    : "?" + URI.create(header(response, "location")).getRawQuery()))
        .as(path)
        .isEqualTo(location);
    assertThat(get(location.substring(SITE.length())).statusCode()).as(location).isEqualTo(200);
  }

  @Test
  @DisplayName("a missing page answers 404 with the closest pages and a link home")
  void notFoundSuggestsPages() throws Exception {
    HttpResponse<String> typo = get("/formats/pgn");
    assertThat(typo.statusCode()).isEqualTo(404);
    assertThat(header(typo, "content-type")).isEqualTo("text/html;charset=UTF-8");
    assertThat(typo.body())
        .contains("Page not found")
        .contains("<code>/formats/pgn</code>")
        .contains("Perhaps you were looking for")
        .contains("<a href=\"" + SITE + "/formats/png\">PNG</a>")
        .contains("class=\"home-link\" href=\"" + SITE + "/\"")
        .contains("href=\"" + SITE + "/privacy\"");
    assertThat(get("/webp").body()).contains("<a href=\"" + SITE + "/formats/webp\">WebP</a>");
    assertThat(get("/concepts/color-spaces").body())
        .contains("<a href=\"" + SITE + "/concepts/colour-spaces\">Colour spaces</a>");
    HttpResponse<String> stylesheet = get("/missing.css");
    assertThat(stylesheet.statusCode()).isEqualTo(404);
    assertThat(header(stylesheet, "content-type"))
        .as("a not-found page is HTML whatever the address looks like")
        .isEqualTo("text/html;charset=UTF-8");
    // By host: under /p/{id}/ the request firewall refuses any percent sign (see the report).
    LocalHttp.Response longAddress =
        LocalHttp.get(port, "reference-site.localhost", "/" + "a".repeat(118) + "%41%42");
    assertThat(longAddress.status()).as("a long address is shortened, not broken").isEqualTo(404);
    assertThat(longAddress.body()).as("cut inside an escape").contains("a%…</code>");
    HttpResponse<String> script = get("/x%3Cscript%3Ealert(1)%3C%2Fscript%3E");
    assertThat(script.body()).doesNotContain("<script>");
  }

  /**
   * Paths that would leave the content root, name hidden files, or smuggle separators. Layers in
   * front of the site refuse some of them first (Tomcat refuses encoded slashes, backslashes and
   * NUL bytes; the request firewall more), and every refusal, like whatever reaches the site, gets
   * the site's own 404 page with its content-security policy (issue 11). Never 500, never a byte of
   * anything outside the content folder.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/..",
        "/../../application.properties",
        "/formats/../../../application.properties",
        "/%2e%2e/%2e%2e/application.properties",
        "/%2e%2e/%2e%2e/policies/reference-site.yaml",
        "/formats/%2E%2E/%2E%2E/%2E%2E/pom.xml",
        "/..%2f..%2fapplication.properties",
        "/..%5c..%5capplication.properties",
        "/..\\..\\application.properties",
        "/%2fetc%2fpasswd",
        "//etc/passwd",
        "/formats/..;/..;/application.properties",
        "/.hidden",
        "/.git/config",
        "/%2egit/config",
        "/formats/png;jsessionid=abc",
        "/%252e%252e/%252e%252e/application.properties",
        "/etc/passwd%00.md"
      })
  @DisplayName(
      "traversal attempts answer the site's 404 page with its headers, never outside files")
  void traversalIsRefused(String path) throws IOException {
    for (LocalHttp.Response response :
        List.of(
            LocalHttp.get(port, "localhost", SITE + path),
            LocalHttp.get(port, "reference-site.localhost", path))) {
      if (path.contains("\\")) {
        // A raw backslash: Tomcat cannot read the request line, so not even the host is known.
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.body()).contains("400 Bad Request").doesNotContain("HTTP Status");
      } else {
        assertThat(response.status()).as(path).isEqualTo(404);
        assertThat(response.body()).as("the site's own not-found page").contains("Page not found");
      }
      assertThat(response.header("content-security-policy"))
          .as(path)
          .contains("default-src 'self'")
          .doesNotContain("unsafe-inline");
      assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(response.body())
          .doesNotContain("spring.application.name")
          .doesNotContain("sells-data")
          .doesNotContain("<artifactId>")
          .doesNotContain("root:x:0:0")
          .doesNotContain("Exception")
          .doesNotContain("at dev.pledge");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {"/.hidden", "/.git/config", "/.env", "/formats/.drafts/png", "/images/.DS_Store"})
  @DisplayName("hidden files and folders answer the site's 404")
  void hiddenFilesAreNotFound(String path) throws IOException {
    LocalHttp.Response response = LocalHttp.get(port, "localhost", SITE + path);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.body()).contains("Page not found");
  }

  @Test
  @DisplayName("pages and assets carry ETag and Last-Modified and answer 304 when unchanged")
  void conditionalRequests() throws Exception {
    for (String path :
        List.of(
            "/",
            "/formats/png",
            "/images/png-chunks.svg",
            "/images/alpha-disc.png",
            "/site/site.css")) {
      HttpResponse<String> first = get(path);
      assertThat(first.statusCode()).as(path).isEqualTo(200);
      String etag = header(first, "etag");
      String lastModified = header(first, "last-modified");
      assertThat(etag).as(path).matches("\"[0-9a-f-]+\"");
      assertThat(lastModified).as(path).endsWith("GMT");

      HttpResponse<String> byEtag = get(path, "If-None-Match", etag);
      assertThat(byEtag.statusCode()).as(path).isEqualTo(304);
      assertThat(byEtag.body()).isEmpty();
      assertThat(header(byEtag, "etag")).isEqualTo(etag);

      HttpResponse<String> byDate = get(path, "If-Modified-Since", lastModified);
      assertThat(byDate.statusCode()).as(path).isEqualTo(304);

      assertThat(get(path, "If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
      assertThat(get(path, "If-Modified-Since", "Mon, 01 Jan 2001 00:00:00 GMT").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  @DisplayName("assets are served with their content types")
  void assetTypes() throws Exception {
    assertThat(header(get("/images/png-chunks.svg"), "content-type")).isEqualTo("image/svg+xml");
    HttpResponse<byte[]> png =
        client.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + SITE + "/images/alpha-disc.png"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(header(png, "content-type")).isEqualTo("image/png");
    assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
    assertThat(header(get("/site/site.css"), "content-type")).isEqualTo("text/css;charset=UTF-8");
  }

  @Test
  @DisplayName("A-11 site responses carry CSP without inline script, nosniff and a referrer policy")
  void securityHeaders() throws Exception {
    for (String path :
        List.of("/", "/formats/png", "/images/png-chunks.svg", "/nope", "/about.md")) {
      HttpResponse<String> response = get(path);
      String csp = header(response, "content-security-policy");
      assertThat(csp).as(path).contains("default-src 'self'").contains("script-src 'self'");
      assertThat(csp)
          .doesNotContain("unsafe-inline")
          .doesNotContain("unsafe-eval")
          .doesNotContain("http");
      assertThat(response.headers().allValues("x-content-type-options")).containsExactly("nosniff");
      assertThat(response.headers().allValues("referrer-policy"))
          .containsExactly("strict-origin-when-cross-origin");
      assertThat(response.headers().allValues("content-security-policy")).hasSize(1);
    }
  }

  /** The only script a site page may carry: the analytics tracker, same origin, no inline code. */
  static final String TRACKER =
      "<script defer src=\""
          + SITE
          + "/assets/pledge-analytics.js\" data-domain=\"reference.example.org\"";

  @Test
  @DisplayName(
      "A-11 A-12 A-13 every page links the policy and the editorial address, sets no cookie, loads nothing from elsewhere")
  void everyPageHasTheFooterAndNoCookie() throws Exception {
    List<String> paths = new ArrayList<>(DemoSite.pageUrls());
    paths.add("/no-such-page");
    assertThat(paths).hasSizeGreaterThanOrEqualTo(9);
    for (String path : paths) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isIn(200, 404);
      String footer = section(response.body(), "<footer", "</footer>");
      assertThat(footer)
          .as(path)
          .contains("href=\"" + SITE + "/privacy\"")
          .contains("href=\"mailto:" + EDITORIAL + "\"");
      assertThat(response.headers().allValues("set-cookie")).as(path).isEmpty();
      String withoutTracker = response.body().replace(TRACKER, "");
      assertThat(response.body()).as(path + " includes the first-party tracker").contains(TRACKER);
      assertThat(withoutTracker)
          .as(path + " has no other script, no inline style, nothing from another origin")
          .doesNotContain("<script")
          .doesNotContain("<style")
          .doesNotContain(" style=\"")
          .doesNotContainPattern("(src|href)=\"(https?:)?//");
    }
  }

  @Test
  @DisplayName("A-21 the contact page shows the policy's editorial address and request subject")
  void contactPageFromPolicy() throws Exception {
    String contact = get("/contact").body();
    assertThat(section(contact, "<aside class=\"contact-card\"", "</aside>"))
        .contains("href=\"mailto:" + EDITORIAL + "\"")
        .contains("Privacy deletion request")
        .contains("href=\"mailto:" + EDITORIAL + "?subject=Privacy%20deletion%20request\"");
  }

  @Test
  @DisplayName("HEAD answers without a body; other methods get 405 with the allowed ones")
  void methods() throws Exception {
    HttpResponse<String> head =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + SITE + "/formats/png"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    HttpResponse<String> post =
        client.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + SITE + "/formats/png"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(header(post, "allow")).isEqualTo("GET, HEAD");
  }

  @Test
  @DisplayName(
      "the site answers under its domain and {id}.localhost; the studio answers its own root")
  void propertiesAndKinds() throws Exception {
    LocalHttp.Response byDomain = LocalHttp.get(port, "reference.example.org", "/formats/avif");
    assertThat(byDomain.status()).isEqualTo(200);
    assertThat(byDomain.body()).contains("<h1>AVIF</h1>").contains("href=\"/privacy\"");
    assertThat(LocalHttp.get(port, "reference-site.localhost:" + port, "/").body())
        .contains("<h1>A field guide to image file formats</h1>");
    LocalHttp.Response privacy = LocalHttp.get(port, "reference-site.localhost", "/privacy");
    assertThat(privacy.status()).as("other modules' pages still answer").isEqualTo(200);

    LocalHttp.Response studio = LocalHttp.get(port, "localhost", "/p/image-studio/");
    assertThat(studio.status()).isEqualTo(200);
    assertThat(studio.header("content-security-policy"))
        .as("the studio's own front page, under its strict policy")
        .startsWith("default-src 'none'");
    assertThat(studio.body()).contains("href=\"/p/image-studio/privacy\"");
    assertThat(LocalHttp.get(port, "localhost", "/p/image-studio/formats/png").status())
        .as("a service has no site content")
        .isEqualTo(404);
    assertThat(LocalHttp.get(port, "localhost", "/").body()).contains("/p/reference-site/");
  }

  static String section(String html, String start, String end) {
    int from = html.indexOf(start);
    assertThat(from).as("the page has " + start).isNotNegative();
    int to = html.indexOf(end, from);
    return html.substring(from, to + end.length());
  }

  static List<String> links(String html) {
    List<String> links = new ArrayList<>();
    Matcher m = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
    while (m.find()) {
      links.add(m.group(1));
    }
    return links;
  }
}
