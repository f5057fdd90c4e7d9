package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.pledge.server.analytics.RawEvents;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.billing.CreditKind;
import dev.pledge.server.billing.Credits;
import dev.pledge.server.console.ConsoleClient;
import dev.pledge.server.devapi.ApiTestKeys;
import dev.pledge.server.images.TestImages;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SweepReport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Two Pledge servers on one external PostgreSQL and one S3-compatible object store, the production
 * layout of the README ("Production layout"), walked through a round-robin client without sticky
 * sessions: each thing the walk does must happen once, whichever instance gets the request — a
 * session, an edit job, a rate limit, a mailed request, a retention sweep, analytics and the audit
 * chain. Each instance has a data directory of its own; the keys directory is copied from the first
 * to the second, as the README tells operators to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoInstancesTest {

  static final String STUDIO = "/p/image-studio";
  static final String API = STUDIO + "/api/v1";
  static final String BUCKET = "pledge-blobs";
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  EmbeddedPostgres postgres;
  TestObjectStore s3;
  Path dataDirs;
  final List<ConfigurableApplicationContext> instances = new ArrayList<>();
  final List<Integer> ports = new ArrayList<>();
  JdbcClient db;
  RoundRobinClient client;
  long auditStart;
  String signedUpEmail;
  String signedUpPassword;

  @BeforeAll
  void start() throws Exception {
    // The JVM's one GreenMail: what earlier test classes left in it is not this walk's.
    TestMailServer.greenMail().purgeEmailFromAllMailboxes();
    postgres =
        EmbeddedPostgres.builder()
            .setPgBinaryResolver(PostgresBinaries.INSTANCE)
            .setOverrideWorkingDirectory(PostgresBinaries.WORKING_DIRECTORY.toFile())
            .setCleanDataDirectory(true)
            .setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
            .setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
            .start();
    // The external database as the README asks for it: a role that owns its database and is no
    // superuser.
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement st = c.createStatement()) {
      st.execute("create role pledge login password 'two-instances' nosuperuser");
      st.execute("create database pledge owner pledge");
    }
    String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/pledge";

    s3 = TestObjectStore.start(BUCKET, BUCKET + "-us", BUCKET + "-eu", BUCKET + "-apac");
    String endpoint = s3.endpoint();

    dataDirs = Files.createDirectories(Path.of("target", "two-instances"));
    FileSystemUtils.deleteRecursively(dataDirs);
    Path a = Files.createDirectories(dataDirs.resolve("a"));
    Path b = Files.createDirectories(dataDirs.resolve("b"));
    instances.add(instance(a, url, endpoint));
    // The second instance gets the first one's keys, as an operator copies them (README).
    FileSystemUtils.copyRecursively(a.resolve("keys"), b.resolve("keys"));
    instances.add(instance(b, url, endpoint));
    for (ConfigurableApplicationContext c : instances) {
      // The port clients use: the front door's (Tomcat listens behind it on loopback).
      ports.add(Integer.parseInt(c.getEnvironment().getProperty("local.server.port")));
    }
    db = instances.get(0).getBean(JdbcClient.class);
    client = new RoundRobinClient(ports);
    auditStart = db.sql("select coalesce(max(seq), 0) from audit_entry").query(Long.class).single();
  }

  ConfigurableApplicationContext instance(Path dataDir, String url, String s3Endpoint) {
    return new SpringApplicationBuilder(PledgeServer.class)
        .initializers(new TestMailServer(), new TestClock())
        // Arguments, not default properties: application.properties would win over those.
        .run(
            "--spring.datasource.url=" + url,
            "--spring.datasource.username=pledge",
            "--spring.datasource.password=two-instances",
            "--pledge.data-dir=" + dataDir,
            "--server.port=0",
            "--pledge.analytics.ingest-port=-1",
            "--pledge.analytics.trusted-proxies=127.0.0.1/32,::1/128",
            "--pledge.api.webhooks.allow-loopback=true",
            // The walk reads the privacy mailbox itself, on both instances at once.
            "--pledge.mail.imap.poll-interval=PT1H",
            "--pledge.rights.operator-address=operators@pledge.test",
            "--pledge.blobs.s3.endpoint=" + s3Endpoint,
            "--pledge.blobs.s3.bucket=" + BUCKET,
            "--pledge.blobs.s3.region=us-east-1",
            "--pledge.blobs.s3.access-key=test",
            "--pledge.blobs.s3.secret-key=test",
            // Images stay in their owner's storage region (B-23): one bucket each.
            "--pledge.blobs.region-buckets.us=" + BUCKET + "-us",
            "--pledge.blobs.region-buckets.eu=" + BUCKET + "-eu",
            "--pledge.blobs.region-buckets.apac=" + BUCKET + "-apac");
  }

  @AfterAll
  void stop() throws Exception {
    TestMailServer.greenMail().purgeEmailFromAllMailboxes();
    for (ConfigurableApplicationContext c : instances) {
      c.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (postgres != null) {
      postgres.close();
    }
    TestClock.reset();
  }

  @Test
  @Order(1)
  @DisplayName(
      "B-07 a studio sign-up, its e-mail confirmation and a sign-in, each request on the other"
          + " instance: the session made on one is used on the other")
  void sessionsAreShared() throws Exception {
    String tag = Long.toString(System.nanoTime(), 36);
    String email = "rr-" + tag + "@example.org";
    String password = "quiet meadow lantern " + tag;
    signedUpEmail = email;
    signedUpPassword = password;
    RoundRobinClient.Answer form = client.get(STUDIO + "/sign-up");
    assertThat(form.status()).isEqualTo(200);
    RoundRobinClient.Answer signedUp =
        client.post(
            STUDIO + "/sign-up",
            Map.of(
                "_csrf",
                form.field("_csrf"),
                "name",
                "Robin Round",
                "username",
                "robin" + tag,
                "email",
                email,
                "password",
                password,
                "country",
                "GB",
                "birthDate",
                LocalDate.now(ZoneOffset.UTC).minusYears(30).toString()));
    assertThat(signedUp.instance()).isNotEqualTo(form.instance());
    assertThat(signedUp.status()).as(signedUp.body()).isEqualTo(302);
    assertThat(signedUp.location()).endsWith("/verify-email");

    Matcher link =
        Pattern.compile("https?://[^\\s#]+#t=([A-Za-z0-9_-]+)").matcher(mailTo(email, 1));
    assertThat(link.find()).as("a confirmation link").isTrue();
    RoundRobinClient.Answer confirm = client.get(STUDIO + "/verify-email/confirm");
    RoundRobinClient.Answer confirmed =
        client.post(
            STUDIO + "/verify-email/confirm",
            Map.of("_csrf", confirm.field("_csrf"), "token", link.group(1)));
    assertThat(confirmed.location()).as("the signed-up session, on the other instance").isNotNull();
    assertThat(confirmed.location()).endsWith("/welcome");
    RoundRobinClient.Answer welcome = client.get(STUDIO + "/welcome");
    assertThat(welcome.status()).isEqualTo(200);

    // A fresh sign-in: the jar starts empty, the form comes from one instance, the post goes to
    // the other, and the pages after it alternate.
    RoundRobinClient fresh = new RoundRobinClient(ports);
    RoundRobinClient.Answer signIn = fresh.get(STUDIO + "/sign-in");
    RoundRobinClient.Answer in =
        fresh.post(
            STUDIO + "/sign-in",
            Map.of("_csrf", signIn.field("_csrf"), "login", email, "password", password));
    assertThat(in.instance()).isNotEqualTo(signIn.instance());
    assertThat(in.status()).isEqualTo(302);
    assertThat(in.location()).doesNotContain("error").doesNotContain("sign-in");
    for (int i = 0; i < 2; i++) {
      RoundRobinClient.Answer sessions = fresh.get(STUDIO + "/account/sessions");
      assertThat(sessions.status())
          .as("signed in on instance " + sessions.instance())
          .isEqualTo(200);
      assertThat(sessions.body()).contains("Robin Round");
    }
  }

  @Test
  @Order(2)
  @DisplayName(
      "B-06 an upload and an edit, posted twice with one idempotency key to the two instances:"
          + " one job, run once, one new version, one charge; the image reads back on both")
  void editJobRunsOnce() throws Exception {
    String account = account("Edith");
    onPlan(account, "pro");
    instances.get(0).getBean(Credits.class).grant(account, 5, CreditKind.PROMOTION, "t", account);
    String key = ApiTestKeys.onePerScope(instances.get(0), account).get("edit");
    String read = ApiTestKeys.onePerScope(instances.get(1), account).get("read");

    HttpResponse<byte[]> up = upload(ports.get(0), key, TestImages.png(TestImages.picture(40, 30)));
    assertThat(up.statusCode()).as(text(up)).isEqualTo(201);
    String image = JSON.readTree(up.body()).get("id").asText();
    assertThat(s3.client().listObjectsV2(b -> b.bucket(BUCKET + "-eu")).contents())
        .as("the upload went to the shared object store")
        .isNotEmpty();

    String edit =
        "{\"image\": \""
            + image
            + "\", \"provider\": \"builtin\", \"operation\": \"rotate\", \"angle\": 90}";
    String idem = UUID.randomUUID().toString();
    HttpResponse<byte[]> first = postJson(ports.get(0), key, "/edits", edit, idem);
    HttpResponse<byte[]> again = postJson(ports.get(1), key, "/edits", edit, idem);
    assertThat(first.statusCode()).as(text(first)).isBetween(200, 202);
    assertThat(again.statusCode()).as(text(again)).isBetween(200, 202);
    String job = JSON.readTree(first.body()).get("job").asText();
    assertThat(JSON.readTree(again.body()).get("job").asText())
        .as("the retry on the other instance")
        .isEqualTo(job);

    JsonNode state = null;
    for (int i = 0; i < 600; i++) {
      state = JSON.readTree(get(ports.get(i % 2), read, "/jobs/" + job).body());
      if (state.path("state").asText().matches("succeeded|failed")) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(state.path("state").asText()).as(state.toString()).isEqualTo("succeeded");
    assertThat(
            db.sql("select count(*) from image_job where image_id = :i")
                .param("i", image)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            db.sql("select attempts from image_job where job_id = :j")
                .param("j", job)
                .query(Integer.class)
                .single())
        .as("the job ran on one instance, once")
        .isEqualTo(1);
    assertThat(
            db.sql("select count(*) from image_version where image_id = :i and kind = 'edit'")
                .param("i", image)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(
            db.sql(
                    "select count(*) from billing_credit_entry where account_id = :a"
                        + " and kind = 'charge'")
                .param("a", account)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    for (int port : ports) {
      HttpResponse<byte[]> content = get(port, read, "/images/" + image + "/content");
      assertThat(content.statusCode())
          .as("the edited image from instance on " + port)
          .isEqualTo(200);
      assertThat(content.body()).isNotEmpty();
    }
  }

  @Test
  @Order(3)
  @DisplayName(
      "B-07 one key's requests a minute, alternating between the instances, are one count: the"
          + " limit holds across both")
  void rateLimitHoldsAcrossInstances() throws Exception {
    String account = account("Rita");
    String key = ApiTestKeys.onePerScope(instances.get(0), account).get("read");
    // A window may close during the run: then the count starts again, and so does the walk.
    for (int attempt = 0; attempt < 3; attempt++) {
      int answered = 0;
      int firstRemaining = -1;
      int previous = Integer.MAX_VALUE;
      boolean restarted = false;
      HttpResponse<byte[]> limited = null;
      for (int i = 0; i < 200 && limited == null; i++) {
        HttpResponse<byte[]> r = get(ports.get(i % 2), key, "/images");
        if (r.statusCode() == 429) {
          limited = r;
          break;
        }
        assertThat(r.statusCode()).isEqualTo(200);
        int remaining = remaining(r);
        if (remaining >= previous) {
          restarted = true;
          break;
        }
        if (firstRemaining < 0) {
          firstRemaining = remaining;
        }
        previous = remaining;
        answered++;
      }
      if (restarted) {
        continue;
      }
      assertThat(limited).as("a 429 within the quota of one instance").isNotNull();
      assertThat(answered).as("answered by both together").isEqualTo(firstRemaining + 1);
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
      return;
    }
    throw new AssertionError("three minute windows closed during the walk");
  }

  @Test
  @Order(4)
  @DisplayName(
      "A-21 a 'Privacy deletion request' e-mail, with both instances reading the mailbox at once,"
          + " opens one request and is acknowledged once")
  void mailedRequestIsOpenedOnce() throws Exception {
    var mail = TestMailServer.greenMail();
    mail.purgeEmailFromAllMailboxes();
    String from = "twice-" + System.nanoTime() + "@example.net";
    GreenMailUtil.sendTextEmail(
        TestMailServer.MAILBOX,
        from,
        "Privacy deletion request",
        "Please delete my data.",
        mail.getSmtp().getServerSetup());
    mail.waitForIncomingEmail(1);
    List<Integer> handled = onBothAtOnce(c -> (Integer) poll(c));
    assertThat(handled.stream().mapToInt(Integer::intValue).sum())
        .as("messages handled by the two polls together")
        .isEqualTo(1);
    assertThat(
            db.sql("select count(*) from rights_request where requester_address = :a")
                .param("a", from)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(mailsTo(from)).as("acknowledgements").isEqualTo(1);
    // Polled again, nothing new on either.
    assertThat(onBothAtOnce(c -> (Integer) poll(c))).containsOnly(0);
    assertThat(mailsTo(from)).isEqualTo(1);
  }

  @Test
  @Order(5)
  @DisplayName(
      "A-18 a retention sweep started on both instances at once deletes each expired raw event"
          + " once, with one audit entry")
  void retentionSweepRunsOnce() throws Exception {
    LocalDate old = LocalDate.now(ZoneOffset.UTC).minusDays(120);
    RawEvents raw = new RawEvents(instances.get(0), "reference-site", old);
    int n = 40;
    for (int i = 0; i < n; i++) {
      raw.event(i, i, "pageview", "/old/" + i, "direct", "direct", "Chrome", "Desktop", null);
    }
    raw.rollUp();
    long before = db.sql("select max(seq) from audit_entry").query(Long.class).single();
    List<SweepReport> reports =
        onBothAtOnce(c -> c.getBean(RetentionEngine.class).sweep("system:two-instances"));
    assertThat(reports).allMatch(SweepReport::ran);
    assertThat(
            db.sql("select count(*) from analytics_event where day = :d")
                .param("d", old)
                .query(Long.class)
                .single())
        .isZero();
    List<String> entries =
        db.sql(
                "select store || ' ' || item_count from audit_entry where seq > :s"
                    + " and item_count > 0 order by seq")
            .param("s", before)
            .query(String.class)
            .list();
    assertThat(entries)
        .as("audit entries of the sweeps: " + reports)
        .containsExactly("analytics.raw-events " + n);
  }

  @Test
  @Order(6)
  @DisplayName(
      "A-17 each instance deletes its own expired access-log day files, though the shared sweep"
          + " runs on one instance at a time")
  void accessLogsOfEveryInstanceExpire() throws Exception {
    String old = "access." + LocalDate.now(ZoneOffset.UTC).minusDays(200) + ".log";
    List<Path> files = new ArrayList<>();
    for (String instance : List.of("a", "b")) {
      Path dir = Files.createDirectories(dataDirs.resolve(instance).resolve("logs/access"));
      files.add(Files.writeString(dir.resolve(old), "old line\n"));
    }
    long before = db.sql("select max(seq) from audit_entry").query(Long.class).single();
    // The scheduled sweep, as db-scheduler runs it: on one instance (A).
    instances.get(0).getBean(RetentionEngine.class).sweep("system:retention");
    assertThat(files.get(0)).doesNotExist();
    assertThat(files.get(1)).as("B's file, which A's sweep cannot see").exists();
    // B's own access-log sweep (on its timer).
    SweepReport b = accessLogSweep(instances.get(1));
    assertThat(b.expired()).isEqualTo(1);
    assertThat(files.get(1)).doesNotExist();
    assertThat(
            db.sql(
                    "select count(*) from audit_entry where seq > :s"
                        + " and store = 'accesslog.day-files' and item_count = 1")
                .param("s", before)
                .query(Long.class)
                .single())
        .as("one audit entry per deleted file")
        .isEqualTo(2);
  }

  /** The access-log module's sweep of this instance (the class is the module's own). */
  static SweepReport accessLogSweep(ConfigurableApplicationContext c) throws Exception {
    Class<?> sweep = Class.forName("dev.pledge.server.accesslog.AccessLogSweep");
    Method here = sweep.getDeclaredMethod("sweepHere");
    here.setAccessible(true);
    return (SweepReport) here.invoke(c.getBean(sweep));
  }

  @Test
  @Order(7)
  @DisplayName(
      "A-06 page views sent to both instances are each stored once, and one visitor stays one"
          + " visitor: the daily salt is shared")
  void analyticsFromBoth() throws Exception {
    // A fixed path (the database is this test's own): the ingest scrubs numbers out of paths.
    String path = "/two-instances/walk";
    for (int i = 0; i < 4; i++) {
      HttpRequest r =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://localhost:" + ports.get(i % 2) + "/p/reference-site/api/event"))
              .header("Content-Type", "text/plain")
              .header(
                  "User-Agent",
                  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
                      + " Chrome/124.0.0.0 Safari/537.36")
              .header("X-Forwarded-For", "192.0.2.77")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"n\":\"pageview\",\"u\":\"https://reference.example.org"
                          + path
                          + "\",\"d\":\"reference.example.org\",\"r\":null}"))
              .build();
      HttpResponse<String> answer = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(202);
      assertThat(answer.headers().firstValue("X-Pledge-Dropped"))
          .as("dropped by instance " + (i % 2))
          .isEmpty();
    }
    assertThat(
            db.sql(
                    "select count(*), count(distinct visitor_id) from analytics_event"
                        + " where property_id = 'reference-site' and path = :p")
                .param("p", path)
                .query((rs, i) -> rs.getLong(1) + "/" + rs.getLong(2))
                .single())
        .as("events / visitors")
        .isEqualTo("4/1");
  }

  @Test
  @Order(8)
  @DisplayName(
      "B-09 audit entries appended from both instances at once form one unbroken chain, no fork")
  void concurrentAppendsFromBothInstances() throws Exception {
    long before = db.sql("select max(seq) from audit_entry").query(Long.class).single();
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> all = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        AuditTrail trail = instances.get(t % 2).getBean(AuditTrail.class);
        int thread = t;
        all.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    trail.append(
                        AuditRecord.of("system:test", "test.two-instances")
                            .detail("thread", String.valueOf(thread)));
                  }
                  return null;
                }));
      }
      for (Future<?> f : all) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<Long> seqs =
        db.sql("select seq from audit_entry where seq > :s order by seq")
            .param("s", before)
            .query(Long.class)
            .list();
    assertThat(seqs).hasSize(4 * perThread);
    assertThat(seqs.get(seqs.size() - 1) - before)
        .as("no gap, no duplicate")
        .isEqualTo(seqs.size());
    assertThat(
            db.sql(
                    "select count(*) from audit_entry e join audit_entry p on p.seq = e.seq - 1"
                        + " where e.seq > :s and e.prev_hash <> p.hash")
                .param("s", before)
                .query(Long.class)
                .single())
        .as("entries whose predecessor is not the one they hash")
        .isZero();
  }

  @Test
  @Order(9)
  @DisplayName(
      "B-09 after the walk the shared audit chain verifies, from either instance and with"
          + " `pledge audit verify`")
  void auditChainVerifies() {
    for (ConfigurableApplicationContext c : instances) {
      var v = c.getBean(AuditTrail.class).verify();
      assertThat(v.intact()).as(v.toString()).isTrue();
    }
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cli = dev.pledge.cli.PledgeCli.commandLine();
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    int code =
        cli.execute(
            "audit",
            "verify",
            "--database-url",
            "jdbc:postgresql://localhost:" + postgres.getPort() + "/pledge",
            "--database-user",
            "pledge",
            "--database-password",
            "two-instances",
            "--data-dir=" + dataDirs.resolve("b"));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).startsWith("Audit trail intact: ");
    assertThat(
            db.sql("select count(*) from audit_entry where seq > :s")
                .param("s", auditStart)
                .query(Long.class)
                .single())
        .isPositive();
  }

  @Test
  @Order(10)
  @DisplayName(
      "B-10 an instance whose keys are not the others' refuses to start, and says what to copy")
  void instanceWithOtherKeysRefusesToStart() throws Exception {
    Path other = Files.createDirectories(dataDirs.resolve("other"));
    String url = "jdbc:postgresql://localhost:" + postgres.getPort() + "/pledge";
    Throwable failure = null;
    try (ConfigurableApplicationContext third = instance(other, url, "http://127.0.0.1:1")) {
      // Started: the assertion below fails.
    } catch (RuntimeException e) {
      failure = e;
    }
    assertThat(failure).as("the start of an instance with keys of its own").isNotNull();
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    assertThat(root)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(other.resolve("keys").toString())
        .hasMessageContaining("Every instance on one database must hold the same keys")
        .hasMessageContaining("copy the keys directory");
    // It stored nothing of its own: the probes are still the first instance's.
    for (ConfigurableApplicationContext c : instances) {
      assertThat(c.getBean(AuditTrail.class).verify().intact()).isTrue();
    }
  }

  @Test
  @Order(11)
  @DisplayName(
      "B-07 wrong passwords sent to both instances in turn count together: after the limit even"
          + " the right one is refused, on either instance")
  void signInThrottleIsShared() throws Exception {
    RoundRobinClient guesser = new RoundRobinClient(ports);
    // One form, then only posts: the CSRF token is a cookie, and each post goes to the other
    // instance (A, B, A, B, A for the guesses).
    String csrf = guesser.get(STUDIO + "/sign-in").field("_csrf");
    List<Integer> where = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RoundRobinClient.Answer wrong =
          guesser.post(
              STUDIO + "/sign-in",
              Map.of("_csrf", csrf, "login", signedUpEmail, "password", "guess " + i));
      assertThat(wrong.location()).as("guess " + i).endsWith("/sign-in?error");
      where.add(wrong.instance());
    }
    assertThat(where).as("the guesses went to both").contains(0, 1);
    for (int i = 0; i < 2; i++) {
      RoundRobinClient.Answer right =
          guesser.post(
              STUDIO + "/sign-in",
              Map.of("_csrf", csrf, "login", signedUpEmail, "password", signedUpPassword));
      assertThat(right.location())
          .as("the right password on instance " + right.instance())
          .endsWith("/sign-in?locked");
    }
  }

  @Test
  @Order(12)
  @DisplayName(
      "five wrong console passwords, sent to both instances in turn, count together: after them"
          + " even the right one is refused on either instance (issue 18)")
  void consoleSignInThrottleIsShared() throws Exception {
    String operator = "rr-operator-" + Long.toString(System.nanoTime(), 36);
    String password = "round robin operator password";
    Class<?> accounts = Class.forName("dev.pledge.server.console.OperatorAccounts");
    Method create = accounts.getDeclaredMethod("create", String.class, String.class);
    create.setAccessible(true);
    assertThat(create.invoke(instances.get(0).getBean(accounts), operator, password))
        .isEqualTo(true);
    // Each guess reads its form from the instance it posts to: A, B, A, B, A.
    for (int i = 0; i < 5; i++) {
      ConsoleClient guesser = ConsoleClient.anonymous(ports.get(i % 2), "127.0.0.1");
      assertThat(guesser.login(operator, "guess " + i).location())
          .as("guess " + i + " on instance " + (i % 2))
          .endsWith("/console/login?error");
    }
    for (int instance = 0; instance < 2; instance++) {
      ConsoleClient right = ConsoleClient.anonymous(ports.get(instance), "127.0.0.1");
      assertThat(right.login(operator, password).location())
          .as("the right password on instance " + instance)
          .contains("/console/login?locked=");
    }
  }

  @Test
  @Order(12)
  @DisplayName(
      "an operator signed in on one instance is signed in on the other: pages, and a console"
          + " form read on one and posted to the other; a password change on one ends the"
          + " operator's other sessions at their next request on the other (issue 18)")
  void consoleSessionsAreShared() throws Exception {
    String operator = "rr-console-" + Long.toString(System.nanoTime(), 36);
    ConsoleClient onA =
        ConsoleClient.signedIn(ports.get(0), instances.get(0), operator, "127.0.5.1");
    ConsoleClient onB = onA.on(ports.get(1));
    ConsoleClient.Response page = onB.get("/console/account");
    assertThat(page.status()).as("signed in on A, a page on B").isEqualTo(200);
    assertThat(page.body()).contains(operator);

    // Two more sessions of the operator, signed in on B: a browser and a script.
    ConsoleClient elsewhere = ConsoleClient.anonymous(ports.get(1), "127.0.5.2");
    assertThat(elsewhere.login(operator, ConsoleClient.password()).location())
        .endsWith("/console/");
    ConsoleClient script = ConsoleClient.anonymous(ports.get(1), "127.0.5.3");
    assertThat(script.login(operator, ConsoleClient.password()).location()).endsWith("/console/");
    assertThat(elsewhere.on(ports.get(0)).get("/console/account").status()).isEqualTo(200);
    assertThat(script.get("/console/api/requests").status()).isEqualTo(200);

    // The form (and its CSRF token) read on B, posted to A.
    String newPassword = "a round robin passphrase";
    ConsoleClient.Response changed =
        onA.post(
            "/console/account",
            Map.of(
                "current",
                ConsoleClient.password(),
                "password",
                newPassword,
                "confirmation",
                newPassword,
                "_csrf",
                ConsoleClient.csrf(page.body())));
    assertThat(changed.status()).as(changed.body()).isEqualTo(302);
    assertThat(changed.location()).endsWith("/console/account?changed&ended=2");

    ConsoleClient.Response ended = elsewhere.get("/console/account");
    assertThat(ended.status()).as("the other session, on B").isEqualTo(302);
    assertThat(ended.location()).endsWith("/console/login?ended");
    assertThat(elsewhere.on(ports.get(0)).get("/console/account").status())
        .as("and it stays out, on A too")
        .isEqualTo(302);
    ConsoleClient.Response api = script.get("/console/api/requests");
    assertThat(api.status()).as("the script's session, on B").isEqualTo(401);
    assertThat(api.body()).startsWith("{\"errors\":{\"session\":");
    assertThat(onB.get("/console/account").status())
        .as("the session that changed the password stays, on B")
        .isEqualTo(200);
  }

  @Test
  @Order(13)
  @DisplayName(
      "the privacy center's form, posted from one client to both instances in turn, counts"
          + " against one allowance: ten answered, the eleventh refused on either (issue 18)")
  void privacyFormLimitIsShared() throws Exception {
    RoundRobinClient visitor = new RoundRobinClient(ports);
    // Empty forms: each takes from the client's allowance before it is checked (400), and
    // opens nothing.
    for (int i = 0; i < 10; i++) {
      RoundRobinClient.Answer form =
          visitor.post("/p/reference-site/privacy/requests", Map.of("details", "form " + i));
      assertThat(form.status()).as("form " + i + " on instance " + form.instance()).isEqualTo(400);
    }
    for (int i = 0; i < 2; i++) {
      RoundRobinClient.Answer refused =
          visitor.post("/p/reference-site/privacy/requests", Map.of("details", "one more"));
      assertThat(refused.status())
          .as("the eleventh form on instance " + refused.instance())
          .isEqualTo(429);
    }
  }

  @Test
  @Order(14)
  @DisplayName(
      "B-07 a passkey registration whose options come from one instance completes on the other:"
          + " the ceremony's options are in PostgreSQL, keyed by the session id's hash, and gone"
          + " once used (issue 18)")
  void passkeyRegistrationSpansInstances() throws Exception {
    // The walk's first person, still signed in on the round-robin client (a verified account
    // without a second factor: no step-up is due).
    RoundRobinClient.Answer page = client.get(STUDIO + "/account/security");
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    Map<String, String> csrf = Map.of("X-XSRF-TOKEN", page.field("_csrf"));

    RoundRobinClient.Answer options =
        client.postJson(STUDIO + "/webauthn/register/options", "", csrf);
    assertThat(options.status()).as(options.body()).isEqualTo(200);
    JsonNode o = JSON.readTree(options.body());
    String session = client.cookie("JSESSIONID");
    assertThat(session).isNotNull();
    String row =
        db.sql("select t::text from studio_passkey_options t where session_hash = :h")
            .param(
                "h",
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(session.getBytes(StandardCharsets.US_ASCII)))
            .query(String.class)
            .single();
    assertThat(row)
        .as("the stored options: keyed by the session id's hash, never the id")
        .doesNotContain(session)
        .doesNotContain(
            java.util.HexFormat.of().formatHex(session.getBytes(StandardCharsets.US_ASCII)))
        .doesNotContain(signedUpEmail)
        .doesNotContain("Robin Round")
        .contains(o.get("challenge").asText());

    SoftwarePasskey passkey = new SoftwarePasskey();
    String body =
        passkey.registration(
            o.path("rp").path("id").asText(),
            "https://" + o.path("rp").path("id").asText(),
            o.get("challenge").asText(),
            "Round-robin key");
    RoundRobinClient.Answer registered = client.postJson(STUDIO + "/webauthn/register", body, csrf);
    assertThat(registered.instance())
        .as("the registration reaches the other instance")
        .isNotEqualTo(options.instance());
    assertThat(registered.status()).as(registered.body()).isEqualTo(200);
    assertThat(JSON.readTree(registered.body()).path("success").asBoolean()).isTrue();
    String account =
        db.sql("select account_id from studio_account where lower(email) = lower(:e)")
            .param("e", signedUpEmail)
            .query(String.class)
            .single();
    assertThat(
            db.sql("select label from studio_passkey where credential_id = :c")
                .param("c", passkey.credentialId)
                .query(String.class)
                .single())
        .isEqualTo("Round-robin key");
    assertThat(
            db.sql("select count(*) from studio_passkey_options where account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single())
        .as("the options are used once")
        .isZero();
  }

  // --- helpers

  interface OnInstance<T> {
    T on(ConfigurableApplicationContext context) throws Exception;
  }

  /** Runs {@code work} on both instances at the same moment; their results, A's first. */
  <T> List<T> onBothAtOnce(OnInstance<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (ConfigurableApplicationContext c : instances) {
        Callable<T> task =
            () -> {
              go.await();
              return work.on(c);
            };
        futures.add(pool.submit(task));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * The rights module's mailbox poll, as its scheduled job calls it (the class is the module's
   * own).
   */
  static Object poll(ConfigurableApplicationContext c) throws Exception {
    Class<?> intake = Class.forName("dev.pledge.server.rights.RightsMailIntake");
    Method poll = intake.getDeclaredMethod("poll");
    poll.setAccessible(true);
    return poll.invoke(c.getBean(intake));
  }

  static String mailTo(String address, int count) throws Exception {
    for (int i = 0; i < 200; i++) {
      for (var m : TestMailServer.greenMail().getReceivedMessages()) {
        if (Arrays.stream(m.getRecipients(Message.RecipientType.TO))
            .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address))) {
          return GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "=");
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no message reached " + address);
  }

  static long mailsTo(String address) throws Exception {
    return Stream.of(TestMailServer.greenMail().getReceivedMessages())
        .filter(
            m -> {
              try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                    .anyMatch(a -> ((InternetAddress) a).getAddress().equalsIgnoreCase(address));
              } catch (Exception e) {
                return false;
              }
            })
        .count();
  }

  String account(String name) {
    String id = UUID.randomUUID().toString();
    String tag = Long.toString(System.nanoTime(), 36);
    Timestamp now = Timestamp.from(Instant.now());
    db.sql(
            """
            insert into studio_account (account_id, property_id, username, email, name, country,
              region, birth_date, email_verified_at, created_at)
            values (:id, 'image-studio', :u, :e, :n, 'GB', 'eu', :b, :now, :now)
            """)
        .param("id", id)
        .param("u", name.toLowerCase(java.util.Locale.ROOT) + tag)
        .param("e", name.toLowerCase(java.util.Locale.ROOT) + "-" + tag + "@example.org")
        .param("n", name)
        .param("b", java.sql.Date.valueOf(LocalDate.of(1990, 1, 1)))
        .param("now", now)
        .update();
    db.sql(
            "insert into studio_subscription (account_id, status, status_since)"
                + " values (:id, 'active', :now)")
        .param("id", id)
        .param("now", now)
        .update();
    return id;
  }

  void onPlan(String account, String plan) {
    Timestamp now = Timestamp.from(Instant.now());
    db.sql(
            """
            insert into billing_subscription (account_id, plan_id, status, period_start,
              period_end, updated_at)
            values (:a, :p, 'active', :now, :end, :now)
            """)
        .param("a", account)
        .param("p", plan)
        .param("now", now)
        .param("end", Timestamp.from(Instant.now().plus(java.time.Duration.ofDays(30))))
        .update();
  }

  static HttpResponse<byte[]> get(int port, String key, String path)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + API + path))
            .header("Authorization", "Bearer " + key)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> postJson(int port, String key, String path, String json, String idem)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + API + path))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "application/json")
            .header("Idempotency-Key", idem)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> upload(int port, String key, byte[] file)
      throws IOException, InterruptedException {
    String boundary = "pledge" + UUID.randomUUID();
    List<byte[]> parts =
        List.of(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\""
                    + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8),
            file,
            ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + API + "/images"))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Idempotency-Key", UUID.randomUUID().toString())
            .POST(HttpRequest.BodyPublishers.ofByteArrays(parts))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  /** r= of the RateLimit header: requests left in the window. */
  static int remaining(HttpResponse<byte[]> r) {
    String header = r.headers().firstValue("RateLimit").orElseThrow();
    Matcher m = Pattern.compile(";r=(\\d+)").matcher(header);
    assertThat(m.find()).as(header).isTrue();
    return Integer.parseInt(m.group(1));
  }

  @Test
  @Order(12)
  @DisplayName(
      "A-15 a rights-request export prepared on one instance downloads once through the other:"
          + " the encrypted ZIP lies in the shared object store, not in the preparing instance's"
          + " data directory")
  void exportPreparedOnOneDownloadsOnTheOther() throws Exception {
    ConfigurableApplicationContext a = instances.get(0);
    dev.pledge.server.rights.RightsRequests requests =
        a.getBean(dev.pledge.server.rights.RightsRequests.class);
    dev.pledge.server.rights.RightsRequest r =
        requests.open(
            new dev.pledge.server.rights.NewRightsRequest(
                "reference-site",
                dev.pledge.server.rights.RightsRequestKind.ACCESS,
                null,
                dev.pledge.server.rights.RequestChannel.API,
                null,
                null,
                "two-instances-" + System.nanoTime() + "@example.net",
                null,
                false),
            "test");
    requests.changeStatus(
        r.reference(), dev.pledge.server.rights.RightsRequestStatus.IN_PROGRESS, null, "test");
    String link =
        a.getBean(dev.pledge.server.rights.RequestExports.class)
            .prepare(r.reference(), "operator:test")
            .link();
    String token = link.substring(link.indexOf("#t=") + 3);

    HttpResponse<byte[]> onB = HTTP.send(exportDownload(ports.get(1), token), ofByteArray());
    assertThat(onB.statusCode()).isEqualTo(200);
    assertThat(onB.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/zip"));
    try (java.util.zip.ZipInputStream zip =
        new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(onB.body()))) {
      assertThat(zip.getNextEntry()).as("the decrypted ZIP").isNotNull();
    }
    HttpResponse<byte[]> againOnA = HTTP.send(exportDownload(ports.get(0), token), ofByteArray());
    assertThat(new String(againOnA.body(), java.nio.charset.StandardCharsets.UTF_8))
        .as("the link works once, whichever instance")
        .contains("This download link is not valid");
    assertThat(
            db.sql("select count(*) from personal_blob where category = 'rights.exports'")
                .query(Long.class)
                .single())
        .as("deleted from the object store after the download")
        .isZero();
  }

  private static HttpRequest exportDownload(int port, String token) {
    return HttpRequest.newBuilder(
            URI.create("http://localhost:" + port + "/p/reference-site/privacy/requests/export"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Sec-Fetch-Site", "same-origin")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + token))
        .build();
  }

  private static HttpResponse.BodyHandler<byte[]> ofByteArray() {
    return HttpResponse.BodyHandlers.ofByteArray();
  }
}
