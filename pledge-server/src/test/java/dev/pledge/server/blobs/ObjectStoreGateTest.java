package dev.pledge.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.processors.ProcessorRefused;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The object store as a processor (B-25): with {@code pledge.blobs.processor} naming the policy's
 * processor that runs the store, a blob of a category the policy does not declare for it is refused
 * before anything is written.
 */
@WithRunningServer
@Tag("B-25")
class ObjectStoreGateTest {

  @Autowired JdbcClient jdbc;
  @Autowired PersonalKeys keys;
  @Autowired BlobBackend backend;
  @Autowired PledgeSettings settings;
  @Autowired ProcessorGate gate;
  @Autowired Clock clock;

  PersonalBlobs through(String processor) {
    return new PersonalBlobs(
            jdbc, keys, backend, settings.dataDir().resolve("blobs/.incoming"), clock)
        .through(gate, processor);
  }

  long stored(String subject) {
    return through(null).list("image-studio", subject).size();
  }

  @Test
  @DisplayName("B-25 a blob is refused a store whose processor is not declared for its category")
  void refused() throws Exception {
    // The CDN is declared for edited images, not for the source images people upload.
    PersonalBlobs cdn = through("Example CDN Ltd.");
    assertThatThrownBy(
            () ->
                cdn.put(
                    "image-studio",
                    "gate-subject-1",
                    "user.content.source_images",
                    "a.png",
                    "image/png",
                    new ByteArrayInputStream(new byte[] {1, 2, 3})))
        .isInstanceOf(ProcessorRefused.class)
        .hasMessageContaining("Example CDN Ltd.");
    assertThat(stored("gate-subject-1")).isZero();
    cdn.put(
        "image-studio",
        "gate-subject-1",
        "user.content.edited_images",
        "b.png",
        "image/png",
        new ByteArrayInputStream(new byte[] {1, 2, 3}));
    assertThat(stored("gate-subject-1")).isEqualTo(1);
  }
}
