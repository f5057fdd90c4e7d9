import dev.pledge.server.PledgeServer;
import dev.pledge.server.blobs.PersonalBlobStore;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.SubjectExporter;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipFile;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 6 benchmarks, run inside a real Pledge server (embedded PostgreSQL, the image studio's
 * policy) with stores shaped like the studio's registered for it:
 *
 * <ol>
 *   <li>erasure of one person among 1,000,000 people and 50,000,000 rows (generate.sql), timed
 *       around RetentionEngine.erase — every store, the proof query after each, the audit entries,
 *       the blob files and the keyset — for several people in turn;
 *   <li>an access export of a person with 1,000 encrypted blobs of about 200 KB (random bytes, as
 *       incompressible as JPEGs), timed around SubjectExporter.export writing the ZIP to disk.
 * </ol>
 *
 * Run by bench/erasure/run.sh.
 */
public class ErasureBench {

  static final String STUDIO = "image-studio";
  static final String IMAGES = "user.content.source_images";
  static final int ERASED = Integer.getInteger("erased", 5);
  static final int BLOBS_PER_ERASED = Integer.getInteger("blobsPerErased", 5);
  static final int EXPORT_BLOBS = Integer.getInteger("exportBlobs", 1_000);
  static final int BLOB_SIZE = Integer.getInteger("blobSize", 200_000);

  /** The stores are registered once their tables exist (the start-up sweep comes before). */
  static volatile boolean generated;

  public static void main(String[] args) throws Exception {
    Path data = Files.createTempDirectory("pledge-erasure-bench");
    ConfigurableApplicationContext ctx =
        new SpringApplicationBuilder(PledgeServer.class)
            .initializers(
                c ->
                    ((GenericApplicationContext) c)
                        .registerBean(
                            "benchStores",
                            RetentionStores.class,
                            () -> () -> generated ? stores(c) : List.of()))
            .run(
                "--pledge.data-dir=" + data,
                "--pledge.embedded-database.ephemeral=true",
                "--server.port=0",
                "--pledge.analytics.ingest-port=0",
                "--pledge.retention.sweep-interval=PT24H");
    try {
      JdbcClient jdbc = ctx.getBean(JdbcClient.class);
      RetentionEngine engine = ctx.getBean(RetentionEngine.class);
      PersonalBlobs blobs = ctx.getBean(PersonalBlobs.class);
      PersonalKeys keys = ctx.getBean(PersonalKeys.class);

      long t0 = System.nanoTime();
      String sql = Files.readString(Path.of(System.getProperty("generator", "bench/erasure/generate.sql")));
      // -Dscale=100 divides every generated count by 100, for a quick trial of the benchmark.
      int scale = Integer.getInteger("scale", 1);
      sql =
          java.util.regex.Pattern.compile("generate_series\\(1, (\\d+)\\)")
              .matcher(sql)
              .replaceAll(m -> "generate_series(1, " + Long.parseLong(m.group(1)) / scale + ")");
      for (String statement : sql.replaceAll("(?m)^--.*$", "").split(";\\s*\\n")) {
        if (!statement.isBlank()) {
          jdbc.sql(statement).update();
        }
      }
      generated = true;
      long rows = 0;
      for (String t :
          List.of(
              "bench.account",
              "bench.session",
              "bench.edit_history",
              "bench.payment",
              "bench.support_message",
              "bench.analytics_event",
              "personal_blob")) {
        rows += jdbc.sql("select count(*) from " + t).query(Long.class).single();
      }
      System.out.printf(
          "generated %,d rows for %,d people in %.0f s%n",
          rows,
          jdbc.sql("select count(*) from bench.account").query(Long.class).single(),
          (System.nanoTime() - t0) / 1e9);

      // The people erased have real encrypted blobs (files and keysets); the rest metadata only.
      Random random = new Random(42);
      List<String> erased = new ArrayList<>();
      for (int i = 1; i <= ERASED; i++) {
        String who = "person-" + (i * 123_457);
        for (int b = 0; b < BLOBS_PER_ERASED; b++) {
          blobs.put(STUDIO, who, IMAGES, "image-" + b + ".jpg", "image/jpeg", randomStream(random));
        }
        erased.add(who);
      }
      System.out.println("store                      erased  held  remaining");
      List<Double> times = new ArrayList<>();
      for (String who : erased) {
        long s = System.nanoTime();
        var lines = engine.erase(STUDIO, who, "bench");
        double ms = (System.nanoTime() - s) / 1e6;
        times.add(ms);
        if (who.equals(erased.get(0))) {
          for (var l : lines) {
            System.out.printf(
                "%-26s %6d %5d %10d%n", l.store(), l.erased(), l.held(), l.remaining());
          }
        }
        long left = lines.stream().mapToLong(l -> l.remaining()).sum();
        if (left != 0 || keys.exists(STUDIO, who)) {
          throw new IllegalStateException("erasure not proven for " + who);
        }
      }
      System.out.println(
          "erase one person (server time, ms), "
              + ERASED
              + " people in turn: "
              + times.stream().map(t -> String.format("%.0f", t)).toList());

      // Access export: a person with 1,000 blobs of ~200 KB.
      String exported = "person-999999";
      long p = System.nanoTime();
      for (int b = 0; b < EXPORT_BLOBS; b++) {
        blobs.put(STUDIO, exported, IMAGES, "photo-" + b + ".jpg", "image/jpeg", randomStream(random));
      }
      System.out.printf(
          "stored %,d blobs of %,d bytes (encrypted) in %.1f s%n",
          EXPORT_BLOBS, BLOB_SIZE, (System.nanoTime() - p) / 1e9);
      SubjectExporter exporter = ctx.getBean(SubjectExporter.class);
      for (int run = 1; run <= 3; run++) {
        Path zip = data.resolve("export-" + run + ".zip");
        long s = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(zip)) {
          var summary = exporter.export(STUDIO, exported, out);
          double secs = (System.nanoTime() - s) / 1e9;
          int entries;
          try (ZipFile z = new ZipFile(zip.toFile())) {
            entries = z.size();
          }
          System.out.printf(
              "export run %d: %.2f s, %,d items, %d ZIP entries, %,d MB%n",
              run, secs, summary.items(), entries, Files.size(zip) >> 20);
        }
        Files.delete(zip);
      }
    } finally {
      ctx.close();
      try (var walk = Files.walk(data)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  static ByteArrayInputStream randomStream(Random random) {
    byte[] b = new byte[BLOB_SIZE];
    random.nextBytes(b);
    return new ByteArrayInputStream(b);
  }

  static List<RetentionStore> stores(org.springframework.context.ApplicationContext c) {
    JdbcClient jdbc = c.getBean(JdbcClient.class);
    TransactionTemplate tx = c.getBean(TransactionTemplate.class);
    PropertyId studio = new PropertyId(STUDIO);
    List<RetentionStore> out = new ArrayList<>();
    out.add(table(jdbc, tx, studio, "user.account.identity", "bench.account", "deleted_at"));
    out.add(table(jdbc, tx, studio, "user.device.technical", "bench.session", "created_at"));
    out.add(
        table(jdbc, tx, studio, "user.content.editing_history", "bench.edit_history", "created_at"));
    out.add(
        table(jdbc, tx, studio, "user.financial.payment_records", "bench.payment", "created_at"));
    out.add(
        table(
            jdbc,
            tx,
            studio,
            "user.communications.support",
            "bench.support_message",
            "last_message_at"));
    out.add(
        table(jdbc, tx, studio, "user.behavior.usage_analytics", "bench.analytics_event", "at"));
    out.add(PersonalBlobStore.of(c.getBean(PersonalBlobs.class), tx, "bench.images", studio, IMAGES));
    return out;
  }

  static RetentionStore table(
      JdbcClient jdbc,
      TransactionTemplate tx,
      PropertyId property,
      String category,
      String table,
      String anchor) {
    return TableRetentionStore.builder(jdbc, tx)
        .name(table)
        .holds(property, category)
        .table(table, anchor)
        .subjectColumn("subject_id")
        .build();
  }
}
