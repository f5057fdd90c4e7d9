package dev.pledge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.TestObjectStore;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTestDatabase;
import dev.pledge.server.backup.BackupManifest;
import dev.pledge.server.backup.Backups;
import dev.pledge.server.backup.Restores;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.retention.RetentionEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A backup of a deployment whose blobs are in an S3-compatible bucket (an in-process LocalS3 on
 * loopback): the objects are copied into the backup as they are stored, and a restore puts them
 * back, except those of a person erased since.
 */
@WithRunningServer
class BackupS3Test {

  static final String BUCKET = "pledge-blobs";

  @Autowired ApplicationContext context;
  @TempDir Path dir;

  AuditTestDatabase db;
  Path data;
  TestObjectStore store;
  S3Client client;
  Map<String, Object> s3;

  @BeforeEach
  void start() throws Exception {
    data = dir.resolve("data");
    db = new AuditTestDatabase(context, data.resolve("keys"), 100);
    store = TestObjectStore.start(BUCKET);
    client = store.client();
    String endpoint = store.endpoint();
    s3 =
        Map.of(
            "pledge.blobs.s3.endpoint",
            endpoint,
            "pledge.blobs.s3.bucket",
            BUCKET,
            "pledge.blobs.s3.access-key",
            "test",
            "pledge.blobs.s3.secret-key",
            "test");
  }

  @AfterEach
  void stop() {
    db.close();
    store.close();
  }

  DeploymentContext live() throws Exception {
    return DeploymentContext.open(
        BackupRestoreTest.options(db, data), ServerRunner.shippedPolicies(), s3, false);
  }

  List<String> objects() {
    return client.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  @Test
  @DisplayName(
      "B-10 B-27 with blobs on S3 a backup copies the bucket's objects (ciphertext) and a restore"
          + " puts them back, all but those of a person erased after the backup")
  void objectsBackedUpAndPutBack() throws Exception {
    Path backup = dir.resolve("backup");
    BackupManifest manifest;
    try (DeploymentContext live = live()) {
      BackupRestoreTest.twoPeople(live);
      manifest = live.bean(Backups.class).write(backup);
    }
    List<String> stored = objects();
    assertThat(stored).hasSize(2);
    assertThat(manifest.blobs()).contains("2 objects copied from S3 bucket " + BUCKET);
    for (String key : stored) {
      Path copy = backup.resolve("objects").resolve(key);
      assertThat(manifest.files()).containsKey("objects/" + key);
      assertThat(Files.readAllBytes(copy))
          .isEqualTo(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
      assertThat(new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1))
          .doesNotContain("pixels of");
    }
    assertThat(backup.resolve("blobs")).doesNotExist();

    try (DeploymentContext live = live()) {
      live.bean(RetentionEngine.class).erase(BackupRestoreTest.STUDIO, "acct-ada", "operator:test");
    }
    assertThat(objects()).hasSize(1);
    // The bucket is lost as well: the restore alone must bring Bob's image back.
    for (String key : objects()) {
      client.deleteObject(b -> b.bucket(BUCKET).key(key));
    }

    Restores.Outcome done;
    try (DeploymentContext restore =
        DeploymentContext.open(
            BackupRestoreTest.options(db, data),
            ServerRunner.shippedPolicies(),
            with(s3, "spring.flyway.enabled", "false"),
            true)) {
      done = restore.bean(Restores.class).restore(backup, true);
    }
    assertThat(done.erasuresReapplied()).isEqualTo(1);
    assertThat(done.identifiersErased()).isEqualTo(1);
    assertThat(objects()).hasSize(1);

    try (DeploymentContext after = live()) {
      PersonalBlobs blobs = after.bean(PersonalBlobs.class);
      assertThat(
              new String(
                  blobs.read(
                      BackupRestoreTest.STUDIO,
                      "acct-bob",
                      BackupRestoreTest.CATEGORY,
                      "acct-bob.png"),
                  StandardCharsets.UTF_8))
          .isEqualTo("pixels of acct-bob");
      assertThat(blobs.list(BackupRestoreTest.STUDIO, "acct-ada")).isEmpty();
    }
  }

  static Map<String, Object> with(Map<String, Object> m, String key, Object value) {
    Map<String, Object> out = new java.util.HashMap<>(m);
    out.put(key, value);
    return out;
  }
}
