package dev.pledge.server.blobs;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.retention.DeclaredTables;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires personal blobs to their backend: {@code {data-dir}/blobs/} by default, an S3-compatible
 * bucket when {@code pledge.blobs.s3.bucket} is set. Encrypted files are staged in {@code
 * {data-dir}/blobs/.incoming/} either way.
 */
@Configuration(proxyBeanMethods = false)
class PersonalBlobsConfiguration {

  @Bean
  BlobBackend blobBackend(BlobSettings blobs, PledgeSettings settings) {
    if (blobs.s3().enabled()) {
      return new S3BlobBackend(blobs.s3());
    }
    return new LocalBlobBackend(blobsDirectory(settings));
  }

  @Bean
  PersonalBlobs personalBlobs(
      JdbcClient jdbc,
      PersonalKeys keys,
      BlobBackend backend,
      PledgeSettings settings,
      BlobSettings blobs,
      ProcessorGate gate,
      Clock clock) {
    return new PersonalBlobs(
            jdbc, keys, backend, blobsDirectory(settings).resolve(".incoming"), clock)
        .through(gate, blobs.processor());
  }

  @Bean
  DeclaredTables personalBlobTables() {
    return () ->
        java.util.Map.of(
            "subject_keyset",
            "per-person keys, wrapped by the master key; people appear only as keyed hashes, and"
                + " an erasure deletes their row",
            "personal_blob",
            "metadata of encrypted personal blobs; people appear only as keyed hashes; each"
                + " module registers a PersonalBlobStore per blob category it collects, which"
                + " expires, erases and exports them");
  }

  private static Path blobsDirectory(PledgeSettings settings) {
    return settings.dataDir().resolve("blobs").toAbsolutePath().normalize();
  }
}
