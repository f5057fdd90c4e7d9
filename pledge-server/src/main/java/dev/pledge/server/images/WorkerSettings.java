package dev.pledge.server.images;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bounds of the edit worker (B-15) and the studio's default upload limits.
 *
 * @param processes how many worker processes run edits at once
 * @param memory each worker's Java heap ({@code -Xmx}), e.g. {@code 1g}
 * @param timeLimit how long one edit may run before its worker is killed
 * @param jobsPerProcess after this many edits a worker is replaced (a fresh heap)
 * @param idle a worker without work for this long stops (started again on demand)
 * @param maxUploadBytes the most bytes an upload may have (until plans set it per account)
 * @param maxPixels the most pixels an image may have (until plans set it per account)
 */
@ConfigurationProperties("pledge.images")
record WorkerSettings(
    @DefaultValue("1") int processes,
    @DefaultValue("1g") String memory,
    @DefaultValue("PT2M") Duration timeLimit,
    @DefaultValue("100") int jobsPerProcess,
    @DefaultValue("PT10M") Duration idle,
    @DefaultValue("26214400") long maxUploadBytes,
    @DefaultValue("50000000") long maxPixels) {}
