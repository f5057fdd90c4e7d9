package dev.pledge.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.policy.Retention;
import dev.pledge.server.TestObjectStore;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionEngineTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Personal blobs on an S3-compatible object store (an in-process one on loopback): the bucket holds
 * ciphertext under random keys, and an erasure removes the objects and shreds the keyset.
 */
@WithRunningServer
class S3BlobBackendTest {

  static final String SITE = "reference-site";
  static final String IMAGES = "test.images";

  @Autowired PersonalKeys keys;
  @Autowired PolicyCatalog catalog;
  @Autowired RetentionEngine engine;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;
  @TempDir Path incoming;

  TestObjectStore objectStore;
  S3Client client;
  S3BlobBackend backend;
  PersonalBlobs blobs;
  String alice;

  @BeforeEach
  void start() throws Exception {
    objectStore = TestObjectStore.start("pledge-blobs");
    client = objectStore.client();
    String endpoint = objectStore.endpoint();
    backend =
        new S3BlobBackend(
            new BlobSettings.S3(endpoint, "pledge-blobs", "us-east-1", "test", "test"));
    blobs = new PersonalBlobs(jdbc, keys, backend, incoming, Clock.systemUTC());
    alice = "alice-s3-" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void stop() throws Exception {
    for (PersonalBlobs.PersonalBlob b : blobs.list(SITE, alice)) {
      blobs.delete(SITE, alice, b.category(), b.name());
    }
    keys.destroy(SITE, alice);
    backend.close();
    objectStore.close();
  }

  @Test
  @DisplayName(
      "B-10 B-27 blobs in an S3-compatible bucket are ciphertext under random keys, read back"
          + " whole, and gone with the keyset after an erasure")
  void s3RoundTripAndErasure() throws Exception {
    byte[] secret =
        ("scan of " + alice + "'s passport ").repeat(500).getBytes(StandardCharsets.UTF_8);
    var blob =
        blobs.put(
            SITE, alice, IMAGES, "passport.jpg", "image/jpeg", new ByteArrayInputStream(secret));
    assertThat(blobs.read(SITE, alice, IMAGES, "passport.jpg")).isEqualTo(secret);

    List<String> keysInBucket =
        client.listObjectsV2(b -> b.bucket("pledge-blobs")).contents().stream()
            .map(o -> o.key())
            .toList();
    assertThat(keysInBucket).hasSize(1);
    String key = keysInBucket.get(0);
    assertThat(key).doesNotContain("alice").doesNotContain("passport");
    byte[] stored = client.getObjectAsBytes(b -> b.bucket("pledge-blobs").key(key)).asByteArray();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("passport");
    assertThat(Files.list(incoming)).isEmpty();

    var site = catalog.byId(SITE).orElseThrow();
    var category =
        RetentionEngineTest.category(
            IMAGES,
            RetentionEngineTest.fixed("P30D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    var store = PersonalBlobStore.of(blobs, tx, "test.s3-images", site.id(), IMAGES);
    var lines =
        engine.erase(
            List.of(new RetentionBinding(site, category, store)),
            SITE,
            alice,
            "test",
            Instant.now());

    assertThat(lines.get(0).erased()).isEqualTo(1);
    assertThat(lines.get(0).remaining()).isZero();
    assertThat(client.listObjectsV2(b -> b.bucket("pledge-blobs")).contents()).isEmpty();
    assertThat(keys.exists(SITE, alice)).isFalse();
    assertThatThrownBy(() -> backend.open(key)).isInstanceOf(NoSuchFileException.class);
    assertThat(blob.size()).isEqualTo(secret.length);
  }

  @Test
  @DisplayName(
      "a bucket that does not exist stops the start, naming the setting, the bucket and how to fix"
          + " it; a region without a bucket, or a bucket deleted later, fails the upload saying so")
  void missingBucketsAreNamed() throws Exception {
    var good =
        new BlobSettings.S3(objectStore.endpoint(), "pledge-blobs", "us-east-1", "test", "test");
    var noRegionBucket = new BlobSettings(good, null, Map.of("eu", "pledge-blobs-eu"), null);
    assertThatThrownBy(() -> PersonalBlobsConfiguration.s3Backend(noRegionBucket))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(
            "The bucket 'pledge-blobs-eu' named by pledge.blobs.region-buckets.eu")
        .hasMessageContaining("does not exist in the object store at " + objectStore.endpoint())
        .hasMessageContaining("create it");
    var noDefaultBucket =
        new BlobSettings(
            new BlobSettings.S3(objectStore.endpoint(), "no-such", "us-east-1", "test", "test"),
            null,
            null,
            null);
    assertThatThrownBy(() -> PersonalBlobsConfiguration.s3Backend(noDefaultBucket))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'no-such' named by pledge.blobs.s3.bucket does not exist");

    // No bucket set for eu: its first upload is an I/O failure naming the setting.
    BlobBackend regional =
        PersonalBlobsConfiguration.s3Backend(new BlobSettings(good, null, Map.of(), null));
    Path file = Files.writeString(incoming.resolve("ciphertext"), "ciphertext");
    assertThatThrownBy(() -> regional.put("eu/object", file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("set pledge.blobs.region-buckets.eu");

    // A bucket removed after start: the upload says which bucket and setting.
    client.createBucket(b -> b.bucket("pledge-blobs-gone"));
    var goneSettings = new BlobSettings(good, null, Map.of("apac", "pledge-blobs-gone"), null);
    BlobBackend withGone = PersonalBlobsConfiguration.s3Backend(goneSettings);
    client.deleteBucket(b -> b.bucket("pledge-blobs-gone"));
    Path again = Files.writeString(incoming.resolve("ciphertext"), "ciphertext");
    assertThatThrownBy(() -> withGone.put("apac/object", again))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(
            "The bucket 'pledge-blobs-gone' named by pledge.blobs.region-buckets.apac does not"
                + " exist");
  }
}
