package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The worker processes hold their limits (B-15): a runaway edit is killed at its time limit, one
 * that takes too much memory dies of its own heap limit, and the next edit runs in a fresh worker —
 * the process that asked (here the test, in the server the server) is unharmed.
 */
class WorkerPoolTest {

  WorkerPool pool =
      new WorkerPool(
          new WorkerSettings(1, "256m", Duration.ofSeconds(4), 100, Duration.ofMinutes(10)));

  @AfterEach
  void stop() {
    pool.destroy();
  }

  WorkerProtocol.Job job(String provider, String operation, Map<String, String> params) {
    return new WorkerProtocol.Job(
        provider,
        "x",
        operation,
        params,
        "",
        "en",
        Map.of(),
        "image/png",
        1,
        20_000_000,
        64L << 20,
        false);
  }

  @Test
  @DisplayName("B-15 a runaway edit is killed at its time limit; the next edit succeeds")
  void runawayKilledThenRecovers() throws Exception {
    byte[] png = TestImages.png(TestImages.picture(64, 48));
    long started = System.nanoTime();
    WorkerPool.Answer spun =
        pool.run(job(RunawayProvider.class.getName(), "spin", Map.of()), png, (f, m) -> {});
    assertThat(spun).isEqualTo(new WorkerPool.Died("time"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));
    assertThat(pool.processes()).as("the killed worker is gone").isEmpty();

    WorkerPool.Answer ok =
        pool.run(
            job(BuiltInProvider.class.getName(), "rotate", Map.of("angle", "90")),
            png,
            (f, m) -> {});
    assertThat(ok).isInstanceOf(WorkerPool.Done.class);
    WorkerPool.Done done = (WorkerPool.Done) ok;
    assertThat(done.result().width()).isEqualTo(48);
    assertThat(done.result().height()).isEqualTo(64);
  }

  @Test
  @DisplayName("B-15 an edit that takes too much memory dies of the worker's heap limit, not ours")
  void memoryHogDies() throws Exception {
    byte[] png = TestImages.png(TestImages.picture(64, 48));
    pool.destroy();
    pool =
        new WorkerPool(
            new WorkerSettings(1, "256m", Duration.ofMinutes(2), 100, Duration.ofMinutes(10)));
    WorkerPool.Answer hog =
        pool.run(job(RunawayProvider.class.getName(), "hog", Map.of()), png, (f, m) -> {});
    assertThat(hog).isEqualTo(new WorkerPool.Died("memory"));
    List<ProcessHandle> alive = pool.processes();
    assertThat(alive).isEmpty();
  }

  @Test
  @DisplayName("B-15 a hostile source is refused by the worker's own check, with its reason")
  void hostileSourceRefused() throws Exception {
    byte[] bomb = ImageInspectorTest.pngBomb(15_000, 15_000);
    WorkerPool.Answer a =
        pool.run(job(BuiltInProvider.class.getName(), "rotate", Map.of()), bomb, (f, m) -> {});
    assertThat(a).isInstanceOf(WorkerPool.Failed.class);
    assertThat(((WorkerPool.Failed) a).failure().reason()).isEqualTo("images.upload.pixels");
  }
}
