package dev.pledge.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Blobs in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage…), addressed path-style so
 * that any endpoint works. Objects are ciphertext under random keys: the store's operator learns
 * sizes and times, nothing else.
 */
final class S3BlobBackend implements BlobBackend, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3BlobBackend.class);

  static final String BUCKET_SETTING = "pledge.blobs.s3.bucket";

  private final S3Client s3;
  private final String bucket;
  private final String endpoint;
  private final String setting;

  S3BlobBackend(BlobSettings.S3 settings) {
    this(settings, BUCKET_SETTING);
  }

  /**
   * @param setting the property that names the bucket ({@code pledge.blobs.s3.bucket} or {@code
   *     pledge.blobs.region-buckets.eu}), for errors that tell the operator what to change
   */
  S3BlobBackend(BlobSettings.S3 settings, String setting) {
    this.bucket = settings.bucket();
    this.setting = setting;
    this.endpoint = settings.endpoint();
    var builder =
        S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .region(Region.of(settings.region()))
            .forcePathStyle(true)
            // Checksums only where the API requires them: many S3-compatible stores do not
            // understand the SDK's default chunked upload with trailing checksums and would store
            // the chunk framing with the bytes. AEAD authenticates the content anyway.
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
      builder.endpointOverride(URI.create(settings.endpoint()));
    }
    if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
      builder.credentialsProvider(
          StaticCredentialsProvider.create(
              AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    }
    this.s3 = builder.build();
  }

  /**
   * Refuses a bucket that does not exist, naming the setting and how to fix it: otherwise the first
   * upload fails, long after start-up. A store that cannot be reached now (it may be starting too)
   * is only logged: uploads fail until it answers, and say why.
   */
  void checkBucket() {
    try {
      s3.headBucket(b -> b.bucket(bucket));
    } catch (NoSuchBucketException e) {
      throw new IllegalStateException(missingBucket());
    } catch (SdkException e) {
      log.warn(
          "The object store {} could not be checked at start ({}); uploads fail until it answers",
          description(),
          e.getClass().getSimpleName());
    }
  }

  private String missingBucket() {
    return "The bucket '"
        + bucket
        + "' named by "
        + setting
        + " does not exist in the object store"
        + (endpoint == null || endpoint.isBlank() ? "" : " at " + endpoint)
        + ". Pledge does not create buckets: create it (for example `aws s3 mb s3://"
        + bucket
        + "`, or `mc mb` with MinIO) or set "
        + setting
        + " to an existing bucket.";
  }

  @Override
  public void put(String key, Path file) throws IOException {
    try {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
    } catch (NoSuchBucketException e) {
      throw new IOException(missingBucket(), e);
    } catch (SdkException e) {
      throw new IOException("the object store refused a blob: " + e.getMessage(), e);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  @Override
  public InputStream open(String key) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      throw new NoSuchFileException(key);
    } catch (SdkException e) {
      throw new IOException("the object store could not be read: " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    } catch (SdkException e) {
      throw new IOException("the object store could not delete a blob: " + e.getMessage(), e);
    }
  }

  @Override
  public String description() {
    return "S3 bucket " + bucket + (endpoint == null ? "" : " at " + endpoint);
  }

  @Override
  public void close() {
    s3.close();
  }
}
