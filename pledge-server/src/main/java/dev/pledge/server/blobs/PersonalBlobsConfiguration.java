package dev.pledge.server.blobs;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.retention.DeclaredTables;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
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
      return s3Backend(blobs);
    }
    Map<String, String> dirs =
        blobs.regionDirectories() == null ? Map.of() : blobs.regionDirectories();
    Path root = blobsDirectory(settings);
    return new RegionalBlobBackend(
        new LocalBlobBackend(root),
        region ->
            new LocalBlobBackend(
                dirs.containsKey(region)
                    ? Path.of(dirs.get(region))
                    : root.resolve("regions").resolve(region)));
  }

  /**
   * The default bucket and one per storage region that has one, each checked now: a bucket that
   * does not exist stops the start with what to change ({@link S3BlobBackend#checkBucket}). A
   * region without a bucket stores nothing; its first upload says which setting is missing.
   */
  static BlobBackend s3Backend(BlobSettings blobs) {
    BlobSettings.S3 s3 = blobs.s3();
    Map<String, String> buckets = blobs.regionBuckets() == null ? Map.of() : blobs.regionBuckets();
    S3BlobBackend fallback = new S3BlobBackend(s3);
    fallback.checkBucket();
    Map<String, S3BlobBackend> regional = new TreeMap<>();
    buckets.forEach(
        (region, bucket) -> {
          if (bucket != null && !bucket.isBlank()) {
            S3BlobBackend store =
                new S3BlobBackend(
                    new BlobSettings.S3(
                        s3.endpoint(), bucket, s3.region(), s3.accessKey(), s3.secretKey()),
                    "pledge.blobs.region-buckets." + region);
            store.checkBucket();
            regional.put(region, store);
          }
        });
    return new RegionalBlobBackend(
        fallback,
        region -> {
          S3BlobBackend store = regional.get(region);
          if (store == null) {
            throw new IllegalStateException(
                "No bucket for storage region "
                    + region
                    + ": set pledge.blobs.region-buckets."
                    + region
                    + " to an existing bucket (blobs of that region are never kept elsewhere)");
          }
          return store;
        });
  }

  @Bean
  BlobObjects blobObjects(BlobBackend backend, BlobSettings blobs, PledgeSettings settings) {
    return new BlobObjects(
        backend, blobs.s3().enabled(), blobsDirectory(settings).resolve(".incoming"));
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
                + " expires, erases and exports them",
            "key_probe",
            "a value made with each key every instance must share, checked at start"
                + " (SharedKeysCheck); no person");
  }

  private static Path blobsDirectory(PledgeSettings settings) {
    return settings.dataDir().resolve("blobs").toAbsolutePath().normalize();
  }
}
