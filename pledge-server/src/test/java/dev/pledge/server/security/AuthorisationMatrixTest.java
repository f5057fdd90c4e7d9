package dev.pledge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.console.ConsoleClient;
import dev.pledge.server.devapi.ApiTestKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * The authorisation matrix (B-13, B-14): every route of the server — read from Spring's request
 * mappings at test time — is called by every kind of caller, and each answer is compared with the
 * one written down in {@code authorisation-matrix.txt} beside this class. A route without an entry
 * fails the test, which prints the lines to add.
 *
 * <p>Callers: anonymous, a signed-in studio user, a signed-in operator, and an API key of each
 * scope. Which account's ids a caller may use (user A against user B, a team member, a minor's
 * parent) is the isolation tests' part: StudioIsolationTest, ImagesIsolationTest, ApiIsolationTest
 * and SupportIsolationTest each try another account's ids on every route that takes one.
 */
@WithRunningServer
@Tag("B-13")
@Tag("B-14")
class AuthorisationMatrixTest {

  static final String MATRIX = "authorisation-matrix.txt";

  /** Mappings whose routes are served under a prefix; the others from the root. */
  static final Map<String, String> PREFIX = Map.of("studioHandlerMapping", "/p/image-studio");

  /** A property's own routes (its policy, its privacy center), served under its prefix. */
  static final String PROPERTY_PREFIX = "/p/reference-site";

  /** Values tried for a path variable, the first its pattern accepts. */
  static final List<String> SAMPLE_IDS =
      List.of("00000000-0000-4000-8000-000000000000", "1", "matrix", "a.png");

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  /** A route as its mapping declares it. */
  record Route(String mapping, String method, String pattern) {
    String key() {
      return mapping + " " + method + " " + pattern;
    }
  }

  /**
   * What a caller got: let through, refused (401, 403, sent to sign in), sent to confirm who they
   * are, hidden (404: the studio answers a request it refuses as if the page did not exist, and a
   * made-up id gets the same), or a server error (only Spring's own /error, called directly, may
   * answer one).
   */
  enum Answer {
    ALLOW,
    REFUSE,
    CONFIRM,
    HIDDEN,
    LIMITED,
    ERROR;

    static Answer of(String word) {
      return valueOf(word.toUpperCase(java.util.Locale.ROOT));
    }
  }

  record Matrix(Map<String, Map<String, Answer>> classes, Map<String, String> routes) {}

  @Test
  @DisplayName("B-13 B-14 every route answers every kind of caller as the matrix says")
  void everyRouteAsWrittenDown() throws Exception {
    Matrix matrix = read();
    List<Route> routes = routes();
    assertThat(routes).as("routes read from Spring's mappings").hasSizeGreaterThan(100);
    Set<String> known = new TreeSet<>();
    routes.forEach(r -> known.add(r.key()));
    assertThat(new TreeSet<>(matrix.routes().keySet()))
        .as("entries in " + MATRIX + " for routes that no longer exist: remove them")
        .isSubsetOf(known);
    Map<String, Caller> callers = callers();
    matrix
        .classes()
        .forEach(
            (name, answers) ->
                assertThat(answers.keySet())
                    .as("class %s names every caller", name)
                    .isEqualTo(callers.keySet()));

    List<String> missing = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    List<String> headers = new ArrayList<>();
    // Routes that end a session or delete an account go last: they would sign the caller out.
    List<Route> ordered = new ArrayList<>(routes);
    ordered.sort(
        java.util.Comparator.comparing(
            r ->
                r.pattern().matches(".*(sign-out|revoke|sessions).*")
                    ? 2
                    : r.pattern().matches(".*(delete|erase).*") ? 1 : 0));
    for (Route r : ordered) {
      String path =
          (r.pattern().startsWith("/privacy")
                  ? PROPERTY_PREFIX
                  : PREFIX.getOrDefault(r.mapping(), ""))
              + fill(r.pattern());
      Map<String, String> observed = new LinkedHashMap<>();
      Map<String, String> details = new LinkedHashMap<>();
      for (Map.Entry<String, Caller> c : callers.entrySet()) {
        ConsoleClient.Response response = c.getValue().call(r.method(), path);
        String got = answer(response).name().toLowerCase(java.util.Locale.ROOT);
        observed.put(c.getKey(), got);
        headers.addAll(headerProblems(r.key() + " as " + c.getKey(), response));
        details.put(
            c.getKey(),
            response.status() + (response.location() == null ? "" : " → " + response.location()));
      }
      String cls = matrix.routes().get(r.key());
      if (cls == null) {
        missing.add("route " + r.key() + " <class>    # observed: " + observed + " " + details);
        continue;
      }
      Map<String, Answer> expected = matrix.classes().get(cls);
      assertThat(expected).as("class '%s' of %s is defined", cls, r.key()).isNotNull();
      for (String caller : callers.keySet()) {
        String want = expected.get(caller).name().toLowerCase(java.util.Locale.ROOT);
        if (!want.equals(observed.get(caller))) {
          wrong.add(
              r.key()
                  + " ("
                  + cls
                  + ") as "
                  + caller
                  + ": expected "
                  + want
                  + ", got "
                  + observed.get(caller)
                  + " ("
                  + details.get(caller)
                  + ")");
        }
      }
    }
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    soft.assertThat(missing)
        .as(
            "routes without an entry in "
                + MATRIX
                + ": add a line for each, with the class of callers that may call it")
        .isEmpty();
    soft.assertThat(wrong).as("answers that differ from the matrix").isEmpty();
    soft.assertThat(headers).as("pages and cookies without their protections").isEmpty();
    soft.assertAll();
  }

  /**
   * Headers every answer owes, whatever the caller (README, "Headers"): an HTML page carries a
   * content-security policy that forbids framing, nosniff and a referrer policy; every cookie is
   * HttpOnly and SameSite, so no script and no other site's form carries it.
   */
  static List<String> headerProblems(String what, ConsoleClient.Response r) {
    List<String> out = new ArrayList<>();
    String type = r.header("content-type");
    if (type != null && type.startsWith("text/html")) {
      String csp = r.header("content-security-policy");
      if (csp == null || !csp.contains("frame-ancestors 'none'")) {
        out.add(what + ": HTML without a content-security policy forbidding framing");
      }
      if (!"nosniff".equals(r.header("x-content-type-options"))) {
        out.add(what + ": HTML without X-Content-Type-Options: nosniff");
      }
      if (r.header("referrer-policy") == null) {
        out.add(what + ": HTML without a Referrer-Policy");
      }
    }
    for (Map.Entry<String, String> h : r.headerLines()) {
      if (h.getKey().equalsIgnoreCase("set-cookie")) {
        String cookie = h.getValue().toLowerCase(java.util.Locale.ROOT);
        if (!cookie.contains("httponly") || !cookie.contains("samesite=")) {
          out.add(what + ": cookie without HttpOnly and SameSite: " + h.getValue().split("=")[0]);
        }
      }
    }
    return out;
  }

  static Answer answer(ConsoleClient.Response r) {
    String location = r.location() == null ? "" : r.location();
    if (r.status() >= 500) {
      return Answer.ERROR;
    }
    if (r.status() == 401 || r.status() == 403) {
      return Answer.REFUSE;
    }
    if (r.status() == 404) {
      return Answer.HIDDEN;
    }
    if (r.status() == 429) {
      return Answer.LIMITED;
    }
    if (r.status() >= 300 && r.status() < 400) {
      if (location.matches(".*/(sign-in|login)([/?#].*)?$")) {
        return Answer.REFUSE;
      }
      if (location.matches(".*/account/confirm([/?#].*)?$")) {
        return Answer.CONFIRM;
      }
    }
    return Answer.ALLOW;
  }

  /** Every route of every request mapping in the server. */
  List<Route> routes() {
    List<Route> out = new ArrayList<>();
    Map<String, RequestMappingInfoHandlerMapping> mappings =
        context.getBeansOfType(RequestMappingInfoHandlerMapping.class);
    for (Map.Entry<String, RequestMappingInfoHandlerMapping> m : mappings.entrySet()) {
      for (RequestMappingInfo info : m.getValue().getHandlerMethods().keySet()) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        for (String pattern : info.getPatternValues()) {
          if (methods.isEmpty()) {
            out.add(new Route(m.getKey(), "ANY", pattern));
          }
          for (RequestMethod method : methods) {
            out.add(new Route(m.getKey(), method.name(), pattern));
          }
        }
      }
    }
    // Two handlers may share a route (Spring's /error: one for HTML, one for the rest).
    return out.stream().distinct().sorted(java.util.Comparator.comparing(Route::key)).toList();
  }

  /** The pattern with a sample value in each variable that its regular expression accepts. */
  static String fill(String pattern) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < pattern.length()) {
      char ch = pattern.charAt(i);
      if (ch != '{') {
        out.append(ch);
        i++;
        continue;
      }
      int depth = 0;
      int end = i;
      for (; end < pattern.length(); end++) {
        depth += pattern.charAt(end) == '{' ? 1 : pattern.charAt(end) == '}' ? -1 : 0;
        if (depth == 0) {
          break;
        }
      }
      String variable = pattern.substring(i + 1, end).replaceFirst("^\\*", "");
      int colon = variable.indexOf(':');
      String name = colon < 0 ? variable : variable.substring(0, colon);
      String regex = colon < 0 ? null : variable.substring(colon + 1);
      out.append(
          name.equals("property")
              ? "reference-site"
              : SAMPLE_IDS.stream()
                  .filter(v -> regex == null || v.matches(regex))
                  .findFirst()
                  .orElse("matrix"));
      i = end + 1;
    }
    return out.toString().replace("/**", "/matrix");
  }

  /** Reads the matrix: "class NAME caller=answer …" and "route MAPPING METHOD PATTERN CLASS". */
  static Matrix read() throws IOException {
    Map<String, Map<String, Answer>> classes = new LinkedHashMap<>();
    Map<String, String> routes = new LinkedHashMap<>();
    try (InputStream in = AuthorisationMatrixTest.class.getResourceAsStream(MATRIX)) {
      assertThat(in).as(MATRIX + " beside this class").isNotNull();
      int n = 0;
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] w = t.split("\\s+");
        if (w[0].equals("class")) {
          Map<String, Answer> answers = new LinkedHashMap<>();
          for (int i = 2; i < w.length; i++) {
            String[] kv = w[i].split("=", 2);
            answers.put(kv[0], Answer.of(kv[1]));
          }
          classes.put(w[1], answers);
        } else if (w[0].equals("route") && w.length == 5) {
          String key = w[1] + " " + w[2] + " " + w[3];
          assertThat(routes.put(key, w[4]))
              .as(MATRIX + ":" + n + " lists " + key + " twice")
              .isNull();
        } else {
          throw new AssertionError(
              MATRIX
                  + ":"
                  + n
                  + ": expected 'class NAME caller=answer …' or 'route MAPPING METHOD PATTERN"
                  + " CLASS', got: "
                  + t);
        }
      }
    }
    return new Matrix(classes, routes);
  }

  /**
   * A kind of caller: one client with its cookies for the console and one for everything else — as
   * a browser keeps the console's cookies (path /console) apart from the studio's — and headers it
   * adds to every request.
   */
  record Caller(
      ConsoleClient console,
      String consoleCsrf,
      ConsoleClient site,
      String siteCsrf,
      Map<String, String> headers) {

    static Caller plain(int port, Map<String, String> headers) {
      return new Caller(
          ConsoleClient.anonymous(port, "127.0.0.1"),
          null,
          ConsoleClient.anonymous(port, "127.0.0.1"),
          null,
          headers);
    }

    ConsoleClient.Response call(String method, String path) throws IOException {
      boolean toConsole = path.startsWith("/console");
      ConsoleClient client = toConsole ? console : site;
      String csrf = toConsole ? consoleCsrf : siteCsrf;
      Map<String, String> h = new LinkedHashMap<>(headers);
      String body = null;
      String verb = method.equals("ANY") ? "GET" : method;
      if (!verb.equals("GET") && !verb.equals("HEAD")) {
        h.put("Content-Type", "application/x-www-form-urlencoded");
        body =
            csrf == null ? "" : "_csrf=" + java.net.URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        if (csrf != null) {
          h.put("X-CSRF-TOKEN", csrf);
        }
      }
      // The API's rate limits answer 429 to a key that called every route at once: wait as told
      // and ask again, so the answer is the route's own (a 429 that stays fails the matrix).
      ConsoleClient.Response r = client.send(verb, path, body, h);
      for (int i = 0; i < 3 && r.status() == 429; i++) {
        String after = r.header("retry-after");
        long seconds = after != null && after.matches("\\d{1,2}") ? Long.parseLong(after) : 1;
        try {
          // The whole wait: the plan's window is a minute, and a shorter wait only spends a try.
          Thread.sleep(Math.min(seconds, 65) * 1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        r = client.send(verb, path, body, h);
      }
      return r;
    }
  }

  Map<String, Caller> callers() throws IOException {
    Map<String, Caller> out = new LinkedHashMap<>();
    out.put("anonymous", Caller.plain(port, Map.of()));

    StudioTestAccounts.Account user = StudioTestAccounts.create(jdbc, "Matrix", "en");
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.0.1");
    String signInCsrf = ConsoleClient.csrf(studio.get("/p/image-studio/sign-in").body());
    ConsoleClient.Response signedIn =
        studio.post(
            "/p/image-studio/sign-in",
            Map.of(
                "login",
                user.username(),
                "password",
                StudioTestAccounts.PASSWORD,
                "_csrf",
                signInCsrf));
    assertThat(signedIn.location())
        .as("the studio user signs in: %s %s", signedIn.status(), signedIn.headerLines())
        .isNotNull()
        .doesNotContain("sign-in");
    ConsoleClient.Response account = studio.get("/p/image-studio/account");
    assertThat(account.status()).as("the studio user's account page").isEqualTo(200);
    String userCsrf = ConsoleClient.csrf(account.body());
    out.put(
        "user",
        new Caller(ConsoleClient.anonymous(port, "127.0.0.1"), null, studio, userCsrf, Map.of()));

    ConsoleClient operator =
        ConsoleClient.signedIn(port, context, "matrix" + System.nanoTime() % 100000, "127.0.0.1");
    String operatorCsrf = ConsoleClient.csrf(operator.get("/console/requests").body());
    out.put(
        "operator",
        new Caller(
            operator, operatorCsrf, ConsoleClient.anonymous(port, "127.0.0.1"), null, Map.of()));

    StudioTestAccounts.Account owner = StudioTestAccounts.create(jdbc, "Keys", "en");
    for (Map.Entry<String, String> key : ApiTestKeys.onePerScope(context, owner.id()).entrySet()) {
      out.put(
          "key:" + key.getKey(),
          Caller.plain(port, Map.of("Authorization", "Bearer " + key.getValue())));
    }
    return out;
  }
}
