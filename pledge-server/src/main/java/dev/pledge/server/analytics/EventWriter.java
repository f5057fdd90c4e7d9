package dev.pledge.server.analytics;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes accepted events in batches with COPY on one background thread (group commit). Each
 * submitter gets a future that completes when its event's transaction has committed, so the HTTP
 * answer 202 is only ever given for an event that is stored. A full queue is refused at once — the
 * caller answers 503 — rather than growing memory without bound.
 */
final class EventWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
  private static final int MAX_BATCH = 5_000;
  private static final String COPY =
      "COPY analytics_event (property_id, received_at, day, visitor_id, name, path, source,"
          + " channel, utm_source, utm_medium, utm_campaign, browser, os, device, country,"
          + " engagement_ms, scroll_depth, props) FROM STDIN";

  private record Pending(PageEvent event, CompletableFuture<Void> stored) {}

  private final BlockingQueue<Pending> queue;
  private final DataSource dataSource;
  private final AnalyticsPartitions partitions;
  private final WriteCounter counter;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong written = new AtomicLong();
  private volatile boolean running = true;

  EventWriter(
      DataSource dataSource,
      AnalyticsPartitions partitions,
      WriteCounter counter,
      int capacity,
      int writers) {
    this.dataSource = dataSource;
    this.counter = counter;
    this.partitions = partitions;
    this.queue = new ArrayBlockingQueue<>(capacity);
    for (int i = 0; i < writers; i++) {
      Thread t = new Thread(this::run, "analytics-writer-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** Queues an event; null when the queue is full (the caller sheds load). */
  CompletableFuture<Void> submit(PageEvent event) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    return queue.offer(new Pending(event, stored)) ? stored : null;
  }

  long written() {
    return written.get();
  }

  int queued() {
    return queue.size();
  }

  private void run() {
    List<Pending> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        writeWithRetry(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } finally {
        batch.clear();
      }
    }
  }

  private void writeWithRetry(List<Pending> batch) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        write(batch);
        written.addAndGet(batch.size());
        batch.stream().map(p -> p.event().propertyId()).distinct().forEach(counter::written);
        batch.forEach(p -> p.stored().complete(null));
        return;
      } catch (SQLException e) {
        if (isMissingPartition(e)) {
          createPartitionsFor(batch);
        } else if (attempt >= 5) {
          // Never answer 202 for these: the callers answer 503 and the tracker may retry.
          log.error("Could not store {} analytics events: {}", batch.size(), e.getSQLState());
          batch.forEach(p -> p.stored().completeExceptionally(e));
          return;
        } else {
          Thread.sleep(50L * attempt);
        }
      }
    }
  }

  private void write(List<Pending> batch) throws SQLException {
    byte[] rows = CopyText.rows(batch.stream().map(Pending::event).toList());
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        // CopyIn directly: copyIn(sql, InputStream) allocates a 64 KiB buffer on every call.
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
          copy.writeToCopy(rows, 0, rows.length);
          copy.endCopy();
        } finally {
          if (copy.isActive()) {
            copy.cancelCopy();
          }
        }
        markDirty(connection, batch);
        connection.commit();
        rememberMarks();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * (property, day) pairs this instance has marked since the day began. The rollup only takes days
   * that ended more than {@link AnalyticsRollup#GRACE} ago, so a mark made today cannot be consumed
   * while this instance may still write to that day, and repeating it is unnecessary.
   */
  private final Set<String> marked = ConcurrentHashMap.newKeySet();

  /** Marks the (property, day) pairs of the batch for the rollup, in the same transaction. */
  private void markDirty(Connection connection, List<Pending> batch) throws SQLException {
    Set<String> seen = new HashSet<>();
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into analytics_dirty (property_id, day) values (?, ?) on conflict do nothing")) {
      for (Pending p : batch) {
        LocalDate day = UtcDays.of(p.event().receivedAt());
        String key = p.event().propertyId() + '\t' + day;
        if (!marked.contains(key) && seen.add(key)) {
          insert.setString(1, p.event().propertyId());
          insert.setObject(2, day);
          insert.addBatch();
        }
      }
      if (!seen.isEmpty()) {
        insert.executeBatch();
      }
    }
    pendingMarks.set(seen);
  }

  /** Marks become "known" only once their transaction committed. */
  private final ThreadLocal<Set<String>> pendingMarks = ThreadLocal.withInitial(HashSet::new);

  private void rememberMarks() {
    LocalDate today = UtcDays.of(Instant.now());
    marked.removeIf(k -> LocalDate.parse(k.substring(k.indexOf('\t') + 1)).isBefore(today));
    marked.addAll(pendingMarks.get());
    pendingMarks.get().clear();
  }

  private static boolean isMissingPartition(SQLException e) {
    // 23514: check_violation, raised as "no partition of relation ... found for row".
    return "23514".equals(e.getSQLState());
  }

  private void createPartitionsFor(List<Pending> batch) {
    batch.stream()
        .map(p -> Map.entry(p.event().propertyId(), UtcDays.of(p.event().receivedAt())))
        .distinct()
        .forEach(e -> partitions.ensure(e.getKey(), e.getValue(), e.getValue()));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(10_000);
    }
  }

  /** PostgreSQL COPY text format: tab-separated, \N for null, backslash escapes. */
  static final class CopyText {
    private CopyText() {}

    static byte[] rows(List<PageEvent> events) {
      StringBuilder sb = new StringBuilder(events.size() * 160);
      for (PageEvent e : events) {
        field(sb, e.propertyId()).append('\t');
        sb.append(e.receivedAt()).append('\t');
        sb.append(UtcDays.of(e.receivedAt())).append('\t');
        sb.append(e.visitorId()).append('\t');
        field(sb, e.name()).append('\t');
        field(sb, e.path()).append('\t');
        field(sb, e.source()).append('\t');
        field(sb, e.channel().key()).append('\t');
        field(sb, e.utmSource()).append('\t');
        field(sb, e.utmMedium()).append('\t');
        field(sb, e.utmCampaign()).append('\t');
        field(sb, e.browser()).append('\t');
        field(sb, e.os()).append('\t');
        field(sb, e.device()).append('\t');
        field(sb, e.country()).append('\t');
        number(sb, e.engagementMs()).append('\t');
        number(sb, e.scrollDepth()).append('\t');
        field(sb, e.props()).append('\n');
      }
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static StringBuilder field(StringBuilder sb, String value) {
      if (value == null) {
        return sb.append("\\N");
      }
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        switch (c) {
          case '\\' -> sb.append("\\\\");
          case '\t' -> sb.append("\\t");
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\0' -> {} // PostgreSQL text cannot hold NUL; drop it
          default -> sb.append(c);
        }
      }
      return sb;
    }

    private static StringBuilder number(StringBuilder sb, Integer value) {
      return value == null ? sb.append("\\N") : sb.append(value.intValue());
    }
  }
}
