package dev.pledge.server.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.policy.Retention;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Access and portability through the store SPI, over two people in the same tables. */
@WithRunningServer
public class SubjectExporterTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

  @Autowired SubjectExporter exporter;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  String schema;
  ServedProperty site;

  @BeforeEach
  void schema() {
    schema = "export_" + Long.toHexString(System.nanoTime());
    site = catalog.byId("reference-site").orElseThrow();
    jdbc.sql("create schema " + schema).update();
  }

  @AfterEach
  void dropSchema() {
    jdbc.sql("drop schema " + schema + " cascade").update();
  }

  public static Map<String, JsonNode> unzip(byte[] zip) throws Exception {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        out.put(e.getName(), JSON.readTree(in.readAllBytes())); // throws unless valid JSON
      }
    }
    return out;
  }

  @Test
  @DisplayName("A-15 B-27 person A's export holds exactly A's rows per category, nothing of B")
  void exportsOnePerson() throws Exception {
    jdbc.sql(
            "create table "
                + schema
                + ".account (id bigserial primary key, subject_id text, property_id text,"
                + " email text, created_at timestamptz not null, avatar bytea)")
        .update();
    jdbc.sql(
            "create table "
                + schema
                + ".session (id bigserial primary key, subject_id text, created_at timestamptz"
                + " not null, ip text)")
        .update();
    Instant at = Instant.parse("2030-06-01T08:30:00Z");
    for (String who : List.of("alice", "bob")) {
      jdbc.sql(
              "insert into "
                  + schema
                  + ".account (subject_id, property_id, email, created_at, avatar) values (:s,"
                  + " 'reference-site', :e, :t, :b)")
          .param("s", who)
          .param("e", who + "@example.net")
          .param("t", java.sql.Timestamp.from(at))
          .param("b", new byte[] {1, 2, 3})
          .update();
      for (int i = 0; i < (who.equals("alice") ? 2 : 3); i++) {
        jdbc.sql(
                "insert into "
                    + schema
                    + ".session (subject_id, created_at, ip) values (:s, :t, :ip)")
            .param("s", who)
            .param("t", java.sql.Timestamp.from(at))
            .param("ip", who + "-ip-" + i)
            .update();
      }
    }
    // Another property's row of the same person stays out too.
    jdbc.sql(
            "insert into "
                + schema
                + ".account (subject_id, property_id, email, created_at) values ('alice',"
                + " 'other', 'alice@other.example', now())")
        .update();

    var accounts =
        RetentionEngineTest.category(
            "test.accounts",
            RetentionEngineTest.fixed("P1Y"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    var sessions =
        RetentionEngineTest.category(
            "test.sessions",
            RetentionEngineTest.fixed("P30D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    List<RetentionBinding> bindings =
        List.of(
            new RetentionBinding(
                site,
                accounts,
                TableRetentionStore.builder(jdbc, tx)
                    .name("test.accounts")
                    .holds(site.id(), "test.accounts")
                    .table(schema + ".account", "created_at")
                    .propertyColumn("property_id")
                    .subjectColumn("subject_id")
                    .build()),
            new RetentionBinding(
                site,
                sessions,
                TableRetentionStore.builder(jdbc, tx)
                    .name("test.sessions")
                    .holds(site.id(), "test.sessions")
                    .table(schema + ".session", "created_at")
                    .subjectColumn("subject_id")
                    .build()),
            // A store that cannot find people is passed by.
            new RetentionBinding(
                site,
                sessions,
                TableRetentionStore.builder(jdbc, tx)
                    .name("test.sessions-anonymous")
                    .holds(site.id(), "test.sessions")
                    .table(schema + ".session", "created_at")
                    .build()));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var summary = exporter.export(bindings, "reference-site", "alice", out, NOW);
    assertThat(summary.items()).isEqualTo(3);

    Map<String, JsonNode> files = unzip(out.toByteArray());
    assertThat(files).containsOnlyKeys("manifest.json", "test.accounts.json", "test.sessions.json");
    assertThat(new String(out.toByteArray(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("bob");
    JsonNode account = files.get("test.accounts.json").get("items");
    assertThat(account).hasSize(1);
    assertThat(account.get(0).get("email").asText()).isEqualTo("alice@example.net");
    assertThat(account.get(0).get("created_at").asText()).isEqualTo("2030-06-01T08:30:00Z");
    assertThat(account.get(0).get("avatar").asText()).isEqualTo("AQID");
    JsonNode sessionItems = files.get("test.sessions.json").get("items");
    assertThat(sessionItems).hasSize(2);
    assertThat(sessionItems.findValuesAsText("ip")).containsExactly("alice-ip-0", "alice-ip-1");
    assertThat(files.toString()).doesNotContain("bob").doesNotContain("alice@other.example");

    JsonNode manifest = files.get("manifest.json");
    assertThat(manifest.get("generated-at").asText()).isEqualTo(NOW.toString());
    assertThat(manifest.get("property").asText()).isEqualTo("reference-site");
    JsonNode categories = manifest.get("categories");
    assertThat(categories.findValuesAsText("id")).containsExactly("test.accounts", "test.sessions");
    JsonNode a = categories.get(0);
    assertThat(a.get("title").asText()).isEqualTo("test.accounts");
    assertThat(a.get("source").asText()).isEqualTo("test");
    assertThat(a.get("retention").asText())
        .isEqualTo(bindings.get(0).ruleAt(NOW).describe())
        .isNotBlank();
    assertThat(a.get("items").asLong()).isEqualTo(1);
    assertThat(a.get("stores").get(0).get("store").asText()).isEqualTo("test.accounts");
    assertThat(categories.get(1).get("items").asLong()).isEqualTo(2);

    // And B's export is B's.
    ByteArrayOutputStream bob = new ByteArrayOutputStream();
    exporter.export(bindings, "reference-site", "bob", bob, NOW);
    Map<String, JsonNode> bobFiles = unzip(bob.toByteArray());
    assertThat(bobFiles.get("test.sessions.json").get("items")).hasSize(3);
    assertThat(bobFiles.toString()).doesNotContain("alice");

    // B-27 known by an account and by the address she wrote from: every store is asked under
    // each identifier, and an item a store finds under two of them is written once.
    jdbc.sql(
            "insert into "
                + schema
                + ".session (subject_id, created_at, ip) values ('alice@example.net', now(),"
                + " 'alice-ip-mail')")
        .update();
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    var bothSummary =
        exporter.export(
            bindings, "reference-site", List.of("alice", "alice@example.net", "alice"), both, NOW);
    assertThat(bothSummary.items()).isEqualTo(4);
    Map<String, JsonNode> bothFiles = unzip(both.toByteArray());
    assertThat(bothFiles.get("test.sessions.json").get("items").findValuesAsText("ip"))
        .containsExactly("alice-ip-0", "alice-ip-1", "alice-ip-mail");
    assertThat(bothFiles.get("test.accounts.json").get("items")).hasSize(1);
    assertThat(bothFiles.toString()).doesNotContain("bob");
  }
}
