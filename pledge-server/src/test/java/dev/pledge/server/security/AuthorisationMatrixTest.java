package dev.pledge.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.accounts.AccountsTestAccess;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.console.ConsoleClient;
import dev.pledge.server.devapi.ApiTestKeys;
import dev.pledge.server.images.StudioImages;
import dev.pledge.server.images.TestImages;
import dev.pledge.server.support.StudioFeedback;
import dev.pledge.server.support.SupportTestTickets;
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
 * <p>Callers: anonymous; user, a signed-in studio user ("A"); userB, another studio user; member, a
 * member of A's team; parent, a minor's parent holding the parent's link to their child's account;
 * a signed-in operator; and an API key of A's of each scope. A path variable that names one of A's
 * things (an image, a project, a version, a team, a ticket, a feedback, a webhook, a delivery, a
 * key, an invoice) is filled with A's real id, so the matrix says who may reach A's things: A, and
 * nobody else but what A's team or the operator's console may see. A route that consumes what it
 * names (delete, leave, revoke …) gets things of A's made for it, and the rightful callers go last
 * so an intruder's attempt is never hidden by the owner having deleted the thing first.
 * StudioIsolationTest, ImagesIsolationTest, ApiIsolationTest and SupportIsolationTest check more
 * parameters (form fields, query ids) and that nothing of the victim changed.
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

  /**
   * Routes that use up what they name: each gets a fresh set of A's things, so its answers do not
   * depend on which route ran before it.
   */
  static final java.util.regex.Pattern CONSUMES =
      java.util.regex.Pattern.compile(
          ".*/(delete|erase|leave|remove|transfer|revoke|cancel|unshare|role)(/.*)?$");

  /**
   * Form fields a team's forms get besides the token, so that each names a real target: the member
   * (whose role, removal or hand-over it is), the role to give, A's open invitation.
   */
  static final List<String> TEAM_FIELDS = List.of("member", "role", "invite");

  /**
   * Answers behind a sign-in that are the same bytes for every reader, so a cache may keep them:
   * code and the console API's description (no-cache: revalidated, not personal).
   */
  static final Set<String> SHARED_DOCUMENTS =
      Set.of(
          "GET /console/api/openapi.json",
          "GET /console/api/openapi.yaml",
          "GET /billing/chart.js");

  /** Where the answers of the last run are written, in the matrix's own line format. */
  static final java.nio.file.Path OBSERVED =
      java.nio.file.Path.of("target", "authorisation-matrix-observed.txt");

  @LocalServerPort int port;
  @Autowired ApplicationContext context;
  @Autowired JdbcClient jdbc;

  /** The studio accounts: A, whose things the routes name; B; A's team member; a minor. */
  StudioTestAccounts.Account userA;

  StudioTestAccounts.Account userB;
  StudioTestAccounts.Account member;

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
    Map<String, String> shared = things();
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
    List<String> seen = new ArrayList<>();
    for (Route r : ordered) {
      boolean consumes =
          r.pattern().contains("{")
              && (r.method().equals("DELETE") || CONSUMES.matcher(r.pattern()).matches());
      Map<String, String> these = consumes ? things() : shared;
      String path =
          (r.pattern().startsWith("/privacy")
                  ? PROPERTY_PREFIX
                  : PREFIX.getOrDefault(r.mapping(), ""))
              + fill(r.pattern(), these);
      Map<String, String> fields = new LinkedHashMap<>();
      if (r.pattern().startsWith("/teams/{teamId}/")) {
        TEAM_FIELDS.forEach(f -> fields.put(f, these.get("field/" + f)));
      }
      Map<String, String> observed = new LinkedHashMap<>();
      Map<String, String> details = new LinkedHashMap<>();
      Map<String, ConsoleClient.Response> responses = new LinkedHashMap<>();
      for (Map.Entry<String, Caller> c : callers.entrySet()) {
        ConsoleClient.Response response = c.getValue().call(r.method(), path, fields);
        String got = answer(response).name().toLowerCase(java.util.Locale.ROOT);
        observed.put(c.getKey(), got);
        headers.addAll(headerProblems(r.key() + " as " + c.getKey(), response));
        responses.put(c.getKey(), response);
        details.put(
            c.getKey(),
            response.status() + (response.location() == null ? "" : " → " + response.location()));
      }
      if (!SHARED_DOCUMENTS.contains(r.method() + " " + r.pattern())) {
        headers.addAll(privateAnswers(r.key(), observed, responses));
      }
      String cls = matrix.routes().get(r.key());
      seen.add(
          "route "
              + r.key()
              + " "
              + (cls == null ? "<class>" : cls)
              + "    # observed: "
              + String.join(
                  " ",
                  callers.keySet().stream().sorted().map(c -> c + "=" + observed.get(c)).toList()));
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
    java.nio.file.Files.createDirectories(OBSERVED.getParent());
    java.nio.file.Files.write(OBSERVED, seen.stream().sorted().toList());
    org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
    soft.assertThat(missing)
        .as(
            "routes without an entry in "
                + MATRIX
                + ": add a line for each, with the class of callers that may call it")
        .isEmpty();
    soft.assertThat(wrong)
        .as("answers that differ from the matrix (every route's answers: " + OBSERVED + ")")
        .isEmpty();
    soft.assertThat(headers).as("pages and cookies without their protections").isEmpty();
    soft.assertAll();
  }

  /**
   * Headers every answer owes, whatever the caller (README, "Headers"): an HTML page carries a
   * content-security policy that forbids framing, nosniff and a referrer policy; any other body
   * carries nosniff too, so a browser never reads JSON, CSV or an image as a page; every cookie is
   * HttpOnly and SameSite, so no script and no other site's form carries it.
   */
  static List<String> headerProblems(String what, ConsoleClient.Response r) {
    List<String> out = new ArrayList<>();
    String type = r.header("content-type");
    if (type != null
        && !type.startsWith("text/html")
        && !"nosniff".equals(r.header("x-content-type-options"))) {
      out.add(what + ": " + type + " without X-Content-Type-Options: nosniff");
    }
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

  /**
   * What only a signed-in caller (or a key, or a parent's link) may read is kept out of shared
   * caches: a 2xx that an anonymous caller does not get for the same address carries {@code
   * Cache-Control: no-store}, so a proxy or a shared computer's browser never keeps one person's
   * page for the next.
   */
  static List<String> privateAnswers(
      String route, Map<String, String> observed, Map<String, ConsoleClient.Response> responses) {
    List<String> out = new ArrayList<>();
    if ("allow".equals(observed.get("anonymous"))) {
      return out;
    }
    responses.forEach(
        (caller, r) -> {
          String cache = r.header("cache-control");
          if (r.status() >= 200
              && r.status() < 300
              && (cache == null || !cache.contains("no-store"))) {
            out.add(
                route
                    + " as "
                    + caller
                    + ": a private answer without Cache-Control: no-store ("
                    + cache
                    + ")");
          }
        });
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
      // A parent's pages send whoever holds no parent's link to ask for one.
      if (location.matches(".*/parent/access([/?#].*)?$")) {
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

  /**
   * The pattern with A's thing in each variable that names one (looked up as "segment/name", the
   * path segment before it, then as "name"), else a sample value its regular expression accepts.
   */
  static String fill(String pattern, Map<String, String> things) {
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
      String before = pattern.substring(0, i).replaceFirst("/$", "");
      String thing =
          things.getOrDefault(
              before.substring(before.lastIndexOf('/') + 1) + "/" + name, things.get(name));
      out.append(
          name.equals("property")
              ? "reference-site"
              : thing != null
                  ? thing
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

    ConsoleClient.Response call(String method, String path, Map<String, String> fields)
        throws IOException {
      boolean toConsole = path.startsWith("/console");
      ConsoleClient client = toConsole ? console : site;
      String csrf = toConsole ? consoleCsrf : siteCsrf;
      Map<String, String> h = new LinkedHashMap<>(headers);
      String body = null;
      String verb = method.equals("ANY") ? "GET" : method;
      if (!verb.equals("GET") && !verb.equals("HEAD")) {
        h.put("Content-Type", "application/x-www-form-urlencoded");
        Map<String, String> form = new LinkedHashMap<>(fields);
        if (csrf != null) {
          form.put("_csrf", csrf);
        }
        body =
            String.join(
                "&",
                form.entrySet().stream()
                    .map(
                        e ->
                            e.getKey()
                                + "="
                                + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .toList());
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

  /**
   * Every kind of caller, in the order they call each route: intruders first, then A's keys from
   * the narrowest scope, then A, so a route that deletes what it names is tried by everyone else
   * while the thing still exists.
   */
  Map<String, Caller> callers() throws IOException {
    Map<String, Caller> out = new LinkedHashMap<>();
    out.put("anonymous", Caller.plain(port, Map.of()));
    userA = StudioTestAccounts.create(jdbc, "Matrix", "en");
    userB = StudioTestAccounts.create(jdbc, "Other", "en");
    member = StudioTestAccounts.create(jdbc, "Member", "en");
    out.put("userB", studioCaller(userB));
    out.put("member", studioCaller(member));
    out.put("parent", parentCaller());

    ConsoleClient operator =
        ConsoleClient.signedIn(port, context, "matrix" + System.nanoTime() % 100000, "127.0.0.1");
    String operatorCsrf = ConsoleClient.csrf(operator.get("/console/requests").body());
    out.put(
        "operator",
        new Caller(
            operator, operatorCsrf, ConsoleClient.anonymous(port, "127.0.0.1"), null, Map.of()));

    for (Map.Entry<String, String> key : ApiTestKeys.onePerScope(context, userA.id()).entrySet()) {
      out.put(
          "key:" + key.getKey(),
          Caller.plain(port, Map.of("Authorization", "Bearer " + key.getValue())));
    }
    out.put("user", studioCaller(userA));
    return out;
  }

  /** A studio account signed in with its password, with the CSRF token of its pages. */
  Caller studioCaller(StudioTestAccounts.Account account) throws IOException {
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.0.1");
    ConsoleClient.Response signedIn = StudioTestAccounts.signIn(studio, account);
    assertThat(signedIn.location())
        .as("%s signs in: %s %s", account.username(), signedIn.status(), signedIn.headerLines())
        .isNotNull()
        .doesNotContain("sign-in");
    ConsoleClient.Response page = studio.get("/p/image-studio/account");
    assertThat(page.status()).as("%s's account page", account.username()).isEqualTo(200);
    return new Caller(
        ConsoleClient.anonymous(port, "127.0.0.1"),
        null,
        studio,
        ConsoleClient.csrf(page.body()),
        Map.of());
  }

  /**
   * A minor's parent: no account of their own, the single-use link from their e-mail opened in this
   * browser, which holds access to their child's account (another account than A).
   */
  Caller parentCaller() throws IOException {
    StudioTestAccounts.Account child = StudioTestAccounts.create(jdbc, "Minor", "en");
    String token = AccountsTestAccess.parentLink(context, child.id(), "parent-" + child.email());
    ConsoleClient parent = ConsoleClient.anonymous(port, "127.0.0.1");
    String linkCsrf = ConsoleClient.csrf(parent.get("/p/image-studio/parent").body());
    ConsoleClient.Response opened =
        parent.post("/p/image-studio/parent", Map.of("token", token, "_csrf", linkCsrf));
    assertThat(opened.location())
        .as("the parent's link opens the child's page: %s", opened.status())
        .isNotNull()
        .endsWith("/parent/child");
    ConsoleClient.Response page = parent.get("/p/image-studio/parent/child");
    assertThat(page.status()).as("the parent's page of their child").isEqualTo(200);
    return new Caller(
        ConsoleClient.anonymous(port, "127.0.0.1"),
        null,
        parent,
        ConsoleClient.csrf(page.body()),
        Map.of());
  }

  /**
   * A set of A's things, by the path variable that names them ("segment/name" where the name alone
   * is ambiguous; "field/name" for a team form's field): an image in A's own project, with its
   * version; a team of A's with the member in it and an open invitation; a support ticket; a
   * feedback; a webhook with a failed delivery; a spare API key; an invoice.
   */
  Map<String, String> things() throws Exception {
    Map<String, String> out = new LinkedHashMap<>();
    StudioImages.ImageInfo image =
        context
            .getBean(StudioImages.class)
            .upload(userA.id(), null, "matrix.png", TestImages.png(TestImages.picture(64, 48)))
            .orElseThrow();
    out.put("imageId", image.id());
    out.put("projectId", image.projectId());
    out.put("versionId", image.latestVersion());
    String team = AccountsTestAccess.team(context, userA.id(), member.id(), "Matrix team");
    out.put("teamId", team);
    out.put("field/member", member.id());
    out.put("field/role", "admin");
    out.put("field/invite", AccountsTestAccess.invite(context, team, userA.id()));
    out.put("ticketId", SupportTestTickets.open(context, userA.id()));
    out.put(
        "feedbackId",
        context.getBean(StudioFeedback.class).record(userA.id(), "general", null, 4, null));
    String webhook = ApiTestKeys.webhook(context, userA.id());
    out.put("webhookId", webhook);
    out.put("deliveryId", "msg_" + webhook.replace("-", ""));
    out.put("keyId", ApiTestKeys.spareKeyId(context, userA.id()));
    String invoice = java.util.UUID.randomUUID().toString();
    jdbc.sql(
            """
            insert into billing_invoice (id, account_id, number, processor_invoice, kind,
              amount_cents, currency, status, issued_at)
            values (:id, :a, :n, :p, 'credits', 500, 'EUR', 'paid', now())
            """)
        .param("id", invoice)
        .param("a", userA.id())
        .param("n", "MATRIX-" + invoice.substring(0, 8))
        .param("p", "in_" + invoice.replace("-", ""))
        .update();
    out.put("invoices/id", invoice);
    return out;
  }
}
