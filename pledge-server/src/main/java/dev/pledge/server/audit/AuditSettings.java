package dev.pledge.server.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code pledge.audit.*}.
 *
 * @param checkpointEvery sign a checkpoint with every this many entries, in the appending
 *     transaction
 * @param checkpointInterval also sign one this often when the trail has grown since the last
 */
@ConfigurationProperties("pledge.audit")
public record AuditSettings(
    @DefaultValue("1000") int checkpointEvery, @DefaultValue("PT1H") Duration checkpointInterval) {

  public AuditSettings {
    if (checkpointEvery < 1) {
      throw new IllegalArgumentException(
          "pledge.audit.checkpoint-every must be 1 or more, not " + checkpointEvery);
    }
  }
}
