package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each image file keeps the period chosen for its image (B-18, B-19): the blob store expires a file
 * kept 7 days after 7 days, one kept permanently never, and one without a choice after the policy's
 * default — each clamped to the policy's range.
 */
@WithRunningServer
class PerImageRetentionTest {

  @Autowired PersonalBlobs blobs;
  @Autowired RetentionEngine engine;

  boolean present(String subject, String name) {
    return blobs.list("image-studio", subject).stream().anyMatch(b -> b.name().equals(name));
  }

  @Test
  @DisplayName("B-18 B-19 edited files expire by their own period: 7 days, default, permanently")
  void perBlobPeriods() throws Exception {
    String subject = UUID.randomUUID().toString();
    String category = ImageRecords.EDITED_CATEGORY;
    for (String n : List.of("week.png", "default.png", "forever.png", "one-day.png")) {
      blobs.put(
          "image-studio",
          subject,
          category,
          n,
          "image/png",
          new ByteArrayInputStream(new byte[] {1, 2, 3}));
    }
    blobs.keepFor("image-studio", subject, category, "week.png", PolicyDuration.parse("P7D"));
    blobs.keepPermanently("image-studio", subject, category, "forever.png");
    // Shorter than the policy's minimum (7 days): clamped up to it.
    blobs.keepFor("image-studio", subject, category, "one-day.png", PolicyDuration.parse("P1D"));
    List<RetentionBinding> edited =
        engine.bindings().stream()
            .filter(b -> b.store().name().equals("studio.edited-images"))
            .toList();
    assertThat(edited).hasSize(1);

    engine.sweep(edited, "test", Instant.now().plus(Duration.ofDays(3)));
    assertThat(present(subject, "one-day.png")).as("clamped to the 7-day minimum").isTrue();

    engine.sweep(edited, "test", Instant.now().plus(Duration.ofDays(10)));
    assertThat(present(subject, "week.png")).isFalse();
    assertThat(present(subject, "one-day.png")).isFalse();
    assertThat(present(subject, "default.png")).as("the policy's default, 90 days").isTrue();
    assertThat(present(subject, "forever.png")).isTrue();

    engine.sweep(edited, "test", Instant.now().plus(Duration.ofDays(100)));
    assertThat(present(subject, "default.png")).isFalse();
    assertThat(present(subject, "forever.png")).isTrue();

    engine.sweep(edited, "test", Instant.now().plus(Duration.ofDays(3650)));
    assertThat(present(subject, "forever.png")).as("permanent: the range allows it").isTrue();
  }
}
