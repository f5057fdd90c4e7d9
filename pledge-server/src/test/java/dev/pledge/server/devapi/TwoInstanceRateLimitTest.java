package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.pledge.server.PledgeServer;
import dev.pledge.server.TestClock;
import dev.pledge.server.TestMailServer;
import dev.pledge.server.WithRunningServer;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * B-07 the rate limit is shared by server instances: a second application context, with its own web
 * server, on the first one's database. One key's requests, alternating between the two, are counted
 * together — each instance alone would allow the whole minute's quota.
 */
@WithRunningServer
class TwoInstanceRateLimitTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;
  @Autowired DataSource dataSource;

  @Test
  @DisplayName("B-07 two instances on one database share one key's requests a minute")
  void sharedAcrossInstances() throws Exception {
    HikariDataSource db = (HikariDataSource) dataSource;
    // The first instance's settings as they are (a differing one would be recorded in the audit
    // trail as a change of settings), on its database, with a web server of its own.
    java.util.List<String> properties = new java.util.ArrayList<>();
    for (String p :
        WithRunningServer.class
            .getAnnotation(org.springframework.boot.test.context.SpringBootTest.class)
            .properties()) {
      if (!p.startsWith("pledge.embedded-database.")) {
        properties.add(p);
      }
    }
    properties.add("spring.datasource.url=" + db.getJdbcUrl());
    properties.add("spring.datasource.username=" + db.getUsername());
    properties.add("spring.datasource.password=" + db.getPassword());
    properties.add("server.port=0");
    // Only the web server is wanted of it: the first instance runs the jobs.
    properties.add("db-scheduler.enabled=false");
    properties.add("spring.main.banner-mode=off");
    try (ConfigurableApplicationContext second =
        new SpringApplicationBuilder(PledgeServer.class)
            .initializers(new TestMailServer(), new TestClock())
            // As arguments, not default properties: application.properties outranks those, and
            // its server.port would have bound the second instance to 8080.
            .run(properties.stream().map(p -> "--" + p).toArray(String[]::new))) {
      int secondPort = ((WebServerApplicationContext) second).getWebServer().getPort();
      ApiClient one = new ApiClient(port);
      ApiClient two = new ApiClient(secondPort);
      String account = ApiClient.account(jdbc, "Vic");
      String key = keys.create(account, null, "two", EnumSet.of(ApiKeys.Scope.READ), null).secret();
      int limit =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(one.get(key, "/usage").body())
              .get("requests_per_minute")
              .asInt();
      HttpResponse<byte[]> limited = null;
      int previous = -1;
      int steps = 0;
      // Alternating between the instances: within one minute's window every answer has one
      // request fewer left than the answer before it, whichever instance gave it. Counted apart,
      // each instance would repeat the other's figure.
      for (int i = 0; i < 2 * limit + 4 && limited == null; i++) {
        HttpResponse<byte[]> r = (i % 2 == 0 ? two : one).get(key, "/images");
        int remaining = remaining(r);
        if (r.statusCode() == 429) {
          limited = r;
        } else if (previous >= 0 && remaining <= previous) {
          assertThat(remaining)
              .as("request " + i + " on the other instance")
              .isEqualTo(previous - 1);
          steps++;
        }
        previous = remaining;
      }
      assertThat(steps).as("answers compared across instances").isGreaterThanOrEqualTo(limit / 2);
      assertThat(limited).as("a 429 from the shared count").isNotNull();
      assertThat(limited.headers().firstValue("Retry-After")).isPresent();
    }
  }

  /** r= of the RateLimit header: requests left in the window. */
  static int remaining(HttpResponse<byte[]> r) {
    String header = r.headers().firstValue("RateLimit").orElseThrow();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(";r=(\\d+)").matcher(header);
    assertThat(m.find()).as(header).isTrue();
    return Integer.parseInt(m.group(1));
  }
}
