package dev.pledge.server;

import com.robothy.s3.rest.LocalS3;
import com.robothy.s3.rest.bootstrap.LocalS3Mode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible object store in this JVM (LocalS3, in memory) on a free loopback port, with a
 * client to look into it; access key and secret are both {@code test}, the region {@code
 * us-east-1}. Close it to stop both.
 */
public final class TestObjectStore implements AutoCloseable {

  public static final String ACCESS_KEY = "test";
  public static final String SECRET_KEY = "test";

  private final LocalS3 server;
  private final S3Client client;
  private final String endpoint;

  private TestObjectStore(LocalS3 server, S3Client client, String endpoint) {
    this.server = server;
    this.client = client;
    this.endpoint = endpoint;
  }

  /** Starts a store holding {@code buckets}, created empty. */
  public static TestObjectStore start(String... buckets) {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    LocalS3 server = LocalS3.builder().port(port).mode(LocalS3Mode.IN_MEMORY).build();
    server.start();
    String endpoint = "http://127.0.0.1:" + port;
    S3Client client =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build();
    for (String bucket : buckets) {
      client.createBucket(b -> b.bucket(bucket));
    }
    return new TestObjectStore(server, client, endpoint);
  }

  /** The store's URL, for {@code pledge.blobs.s3.endpoint}. */
  public String endpoint() {
    return endpoint;
  }

  /** A client of the store, to see what Pledge put there. */
  public S3Client client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    server.shutdown();
  }
}
