package dev.pledge.server.blobs;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where personal blobs are kept, under {@code pledge.blobs.*}: in {@code {data-dir}/blobs/} unless
 * an S3-compatible bucket is named.
 *
 * @param s3 the object store, used when its bucket is set
 * @param regionDirectories where each storage region's blobs lie on local disk (B-23), by region id
 *     ({@code pledge.blobs.region-directories.eu=/srv/eu-blobs}); a region not named gets {@code
 *     {data-dir}/blobs/regions/{region}/}
 * @param regionBuckets with S3, the bucket of each storage region; a region without one cannot
 *     store blobs (they are refused rather than kept elsewhere)
 * @param processor the policy's processor that runs the store (a hosting or storage provider), or
 *     empty when it is the operator's own: when set, every blob goes through the processor gate,
 *     which refuses a category the property's policy does not declare for that processor (B-25)
 */
@ConfigurationProperties("pledge.blobs")
record BlobSettings(
    @DefaultValue S3 s3,
    Map<String, String> regionDirectories,
    Map<String, String> regionBuckets,
    String processor) {

  /**
   * @param endpoint the store's URL, e.g. {@code https://minio.example.net:9000}; empty for AWS
   * @param bucket the bucket (it must exist); empty keeps blobs on the local disk
   * @param region the region, for AWS; any value for most other stores
   * @param accessKey the access key id; empty to use the SDK's default credentials
   * @param secretKey the secret key; never logged
   */
  record S3(
      String endpoint,
      String bucket,
      @DefaultValue("us-east-1") String region,
      String accessKey,
      String secretKey) {

    boolean enabled() {
      return bucket != null && !bucket.isBlank();
    }

    @Override
    public String toString() {
      return "S3[endpoint=" + endpoint + ", bucket=" + bucket + ", region=" + region + "]";
    }
  }
}
