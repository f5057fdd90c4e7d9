import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pledge.policy.DataCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expires 1 million rows of an ordinary table through Pledge's TableRetentionStore (the code the
 * retention sweep runs) while writer threads insert rows one per transaction, and reports the
 * expiry time and the writers' latency before and during it. Run by bench/retention/run.sh.
 */
public class TableExpiryBench {

  static final int DUE = Integer.getInteger("due", 1_000_000);
  static final int KEPT = Integer.getInteger("kept", 200_000);
  static final int WRITERS = Integer.getInteger("writers", 4);

  public static void main(String[] args) throws Exception {
    var dir = Files.createTempDirectory("pledge-bench-pg");
    // Durable like Pledge's own embedded database (the library's defaults turn both off).
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(true)
        .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on").start()) {
      HikariConfig cfg = new HikariConfig();
      cfg.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
      cfg.setUsername("postgres");
      cfg.setMaximumPoolSize(WRITERS + 2);
      try (HikariDataSource ds = new HikariDataSource(cfg)) {
        JdbcClient jdbc = JdbcClient.create(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        jdbc.sql("create table support_message (id bigserial primary key, subject_id bigint not null,"
            + " last_message_at timestamptz not null, body text not null)").update();
        jdbc.sql("create index on support_message (last_message_at)").update();
        jdbc.sql("create index on support_message (subject_id)").update();
        long t0 = System.nanoTime();
        jdbc.sql("insert into support_message (subject_id, last_message_at, body)"
            + " select g % 100000, now() - interval '400 days' - (g % 1000) * interval '1 minute',"
            + " repeat('x', 200) from generate_series(1, :n) g").param("n", DUE).update();
        jdbc.sql("insert into support_message (subject_id, last_message_at, body)"
            + " select g % 100000, now() - (g % 1000) * interval '1 minute', repeat('y', 200)"
            + " from generate_series(1, :n) g").param("n", KEPT).update();
        jdbc.sql("vacuum analyze support_message").update();
        System.out.printf("loaded %,d due + %,d kept rows in %.1f s%n", DUE, KEPT, (System.nanoTime() - t0) / 1e9);

        var category = new DataCategory("user.communications.support", "Support", "", DataCategory.Collected.YES,
            null, List.of(), List.of(), null, "", false, true,
            new Retention(RetentionPeriod.of(PolicyDuration.parse("P12M")), Retention.Anchor.LAST_MESSAGE,
                Retention.ExpiryAction.DELETE, null, null, null));
        var store = TableRetentionStore.builder(jdbc, tx).name("bench.support").holds(new PropertyId("bench"), category.id())
            .table("support_message", "last_message_at").build();
        var rule = new RetentionRule(new PropertyId("bench"), category, Instant.now());

        Writers baseline = new Writers(ds);
        baseline.start();
        Thread.sleep(5_000);
        baseline.stop();
        System.out.println("writers alone (5 s):        " + baseline.summary());

        Writers during = new Writers(ds);
        during.start();
        Thread.sleep(1_000);
        AtomicLong expired = new AtomicLong();
        AtomicLong steps = new AtomicLong();
        long s = System.nanoTime();
        store.expire(rule, (items, detail) -> { expired.addAndGet(items); steps.incrementAndGet(); });
        double took = (System.nanoTime() - s) / 1e9;
        during.stop();
        System.out.printf("expired %,d rows in %,d steps in %.2f s (%,.0f rows/s)%n", expired.get(), steps.get(), took, expired.get() / took);
        System.out.println("writers during expiry:      " + during.summary());
        long left = jdbc.sql("select count(*) from support_message where last_message_at < now() - interval '12 months'").query(Long.class).single();
        System.out.println("due rows left: " + left);
      }
    }
  }

  /** Threads inserting one row per transaction, recording each insert's latency. */
  static final class Writers {
    final HikariDataSource ds;
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();
    final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long started, stopped;

    Writers(HikariDataSource ds) { this.ds = ds; }

    void start() {
      started = System.nanoTime();
      for (int i = 0; i < WRITERS; i++) {
        Thread t = new Thread(() -> {
          List<Long> mine = new ArrayList<>();
          try (Connection c = ds.getConnection();
               PreparedStatement st = c.prepareStatement(
                   "insert into support_message (subject_id, last_message_at, body) values (?, now(), 'new message')")) {
            long n = 0;
            while (running.get()) {
              long a = System.nanoTime();
              st.setLong(1, n++ % 100000);
              st.executeUpdate();
              mine.add(System.nanoTime() - a);
            }
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
          latencies.addAll(mine);
        });
        t.start();
        threads.add(t);
      }
    }

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread t : threads) t.join();
      stopped = System.nanoTime();
    }

    String summary() {
      List<Long> l = new ArrayList<>(latencies);
      Collections.sort(l);
      double secs = (stopped - started) / 1e9;
      return String.format("%,d inserts (%,.0f/s), p50 %.2f ms, p99 %.2f ms, max %.1f ms", l.size(), l.size() / secs,
          l.get(l.size() / 2) / 1e6, l.get((int) (l.size() * 0.99)) / 1e6, l.get(l.size() - 1) / 1e6);
    }
  }
}
