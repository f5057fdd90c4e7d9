package dev.pledge.server.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.StreamingAead;
import dev.pledge.policy.Retention;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionEngineTest;
import dev.pledge.server.retention.SubjectExporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Personal keys and encrypted personal blobs on the local backend: encryption at rest, erasure with
 * crypto-shredding, export of the originals, and clear errors for bad input or damaged bytes.
 */
@WithRunningServer
class PersonalBlobsTest {

  static final String SITE = "reference-site";
  static final String IMAGES = "test.images";
  static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

  @Autowired PersonalBlobs blobs;
  @Autowired PersonalKeys keys;
  @Autowired RetentionEngine engine;
  @Autowired SubjectExporter exporter;
  @Autowired PolicyCatalog catalog;
  @Autowired AuditTrail audit;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  String alice;
  String bob;
  ServedProperty site;

  @BeforeEach
  void people() {
    String n = Long.toHexString(System.nanoTime());
    alice = "alice-" + n;
    bob = "bob-" + n;
    site = catalog.byId(SITE).orElseThrow();
  }

  @AfterEach
  void cleanUp() throws Exception {
    // Other tests dump the whole database: leave nothing behind.
    for (String who : List.of(alice, bob)) {
      for (PersonalBlobs.PersonalBlob b : blobs.list(SITE, who)) {
        blobs.delete(SITE, who, b.category(), b.name());
      }
      keys.destroy(SITE, who);
    }
  }

  static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  Path fileOf(PersonalBlobs.PersonalBlob b) {
    String key =
        jdbc.sql("select object_key from personal_blob where id = :id")
            .param("id", b.id())
            .query(String.class)
            .single();
    return ((LocalBlobBackend) ((RegionalBlobBackend) blobs.backend()).store(null)).file(key);
  }

  PersonalBlobStore store() {
    return PersonalBlobStore.of(blobs, tx, "test.images-blobs", site.id(), IMAGES);
  }

  List<RetentionBinding> bindings() {
    var images =
        RetentionEngineTest.category(
            IMAGES,
            RetentionEngineTest.fixed("P30D"),
            Retention.Anchor.COLLECTION,
            Retention.ExpiryAction.DELETE);
    return List.of(new RetentionBinding(site, images, store()));
  }

  PersonalBlobs.PersonalBlob put(String who, String name, byte[] content) throws Exception {
    return blobs.put(SITE, who, IMAGES, name, "image/png", new ByteArrayInputStream(content));
  }

  @Test
  @DisplayName("B-10 a personal blob is encrypted at rest and reads back byte for byte")
  void encryptedAtRestAndRoundTrip() throws Exception {
    byte[] secret =
        ("PNG of " + alice + " on the beach ").repeat(2_000).getBytes(StandardCharsets.UTF_8);
    var blob = put(alice, "beach.png", secret);

    assertThat(blob.size()).isEqualTo(secret.length);
    assertThat(blobs.read(SITE, alice, IMAGES, "beach.png")).isEqualTo(secret);
    assertThat(blobs.list(SITE, alice))
        .extracting(PersonalBlobs.PersonalBlob::name)
        .containsExactly("beach.png");

    Path file = fileOf(blob);
    byte[] onDisk = Files.readAllBytes(file);
    assertThat(onDisk.length).isGreaterThanOrEqualTo(secret.length);
    assertThat(new String(onDisk, StandardCharsets.ISO_8859_1))
        .doesNotContain("PNG of")
        .doesNotContain(alice);
    // Nothing personal in the object's name or in the table's clear columns.
    assertThat(file.getFileName().toString()).doesNotContain("alice").doesNotContain("beach");
    String row =
        jdbc.sql("select t::text from personal_blob t where id = :id")
            .param("id", blob.id())
            .query(String.class)
            .single();
    assertThat(row).doesNotContain(alice).contains(audit.subjectReference(alice));
    String keyRow =
        jdbc.sql("select t::text from subject_keyset t where subject_ref = :s")
            .param("s", audit.subjectReference(alice))
            .query(String.class)
            .single();
    assertThat(keyRow).doesNotContain(alice);

    // Another person's keyset does not open it: each person has their own.
    put(bob, "beach.png", secret);
    StreamingAead bobsKey = keys.forReading(SITE, bob).orElseThrow();
    try (InputStream in =
        bobsKey.newDecryptingStream(
            Files.newInputStream(file),
            ("pledge personal blob\n" + file.getFileName()).getBytes(StandardCharsets.UTF_8))) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  @DisplayName(
      "B-27 erasure deletes the person's blobs and destroys their keyset: a backed-up ciphertext"
          + " can no longer be decrypted (crypto-shredding); another person's blobs stay")
  void erasureShredsTheKeyset() throws Exception {
    byte[] a = randomBytes(50_000, 1);
    byte[] b = randomBytes(30_000, 2);
    var first = put(alice, "one.jpg", a);
    put(alice, "two.jpg", b);
    put(bob, "one.jpg", b);

    // A backup: the ciphertext and the wrapped keyset as they were before the erasure.
    Path file = fileOf(first);
    byte[] backup = Files.readAllBytes(file);
    StreamingAead before = keys.forReading(SITE, alice).orElseThrow();

    var lines = engine.erase(bindings(), SITE, alice, "test", NOW);

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).erased()).isEqualTo(2);
    assertThat(lines.get(0).remaining()).isZero();
    assertThat(store().count(alice)).isZero();
    assertThat(Files.exists(file)).isFalse();
    assertThat(keys.exists(SITE, alice)).isFalse();
    assertThat(keys.forReading(SITE, alice)).isEmpty();
    assertThat(
            jdbc.sql("select count(*) from subject_keyset where subject_ref = :s")
                .param("s", audit.subjectReference(alice))
                .query(Long.class)
                .single())
        .isZero();
    // The backed-up bytes restored: no key in the database can open them any more; a new keyset
    // made for the same person (if they came back) is a different key.
    keys.forWriting(SITE, alice);
    StreamingAead fresh = keys.forReading(SITE, alice).orElseThrow();
    byte[] ad = ("pledge personal blob\n" + file.getFileName()).getBytes(StandardCharsets.UTF_8);
    try (InputStream in = fresh.newDecryptingStream(new ByteArrayInputStream(backup), ad)) {
      assertThatThrownBy(in::readAllBytes).isInstanceOf(java.io.IOException.class);
    }
    // (The key as it was decrypts it: the test's own copy proves the backup itself was intact.)
    try (InputStream in = before.newDecryptingStream(new ByteArrayInputStream(backup), ad)) {
      assertThat(in.readAllBytes()).isEqualTo(a);
    }

    // Bob is untouched.
    assertThat(blobs.read(SITE, bob, IMAGES, "one.jpg")).isEqualTo(b);
    assertThat(keys.exists(SITE, bob)).isTrue();
    // The audit trail says the keyset went, without naming anyone.
    String trail = audit.recent(20, null).toString();
    assertThat(trail).contains("keyset destroyed").doesNotContain(alice);

    // Erasing again is harmless.
    var again = engine.erase(bindings(), SITE, alice, "test", NOW);
    assertThat(again.get(0).erased()).isZero();
    assertThat(again.get(0).remaining()).isZero();
  }

  @Test
  @DisplayName(
      "A-15 B-27 the export holds the person's originals byte for byte, listed in the manifest,"
          + " and nothing of another person")
  void exportCarriesTheOriginals() throws Exception {
    byte[] one = randomBytes(40_000, 3);
    byte[] two = randomBytes(10_000, 4);
    put(alice, "one.jpg", one);
    put(alice, "two.png", two);
    put(bob, "bobs.jpg", randomBytes(5_000, 5));

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var summary = exporter.export(bindings(), SITE, alice, out, NOW);
    assertThat(summary.items()).isEqualTo(2);

    Map<String, byte[]> files = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        files.put(e.getName(), in.readAllBytes());
      }
    }
    assertThat(files)
        .containsOnlyKeys(
            "manifest.json",
            "test.images.json",
            "test.images.csv",
            "index.html",
            "originals/test.images/one.jpg",
            "originals/test.images/two.png");
    assertThat(new String(files.get("index.html"), StandardCharsets.UTF_8))
        .as("the page for people links the originals")
        .contains("href=\"originals/test.images/one.jpg\"");
    assertThat(files.get("originals/test.images/one.jpg")).isEqualTo(one);
    assertThat(files.get("originals/test.images/two.png")).isEqualTo(two);
    ObjectMapper json = new ObjectMapper();
    JsonNode items = json.readTree(files.get("test.images.json")).get("items");
    assertThat(items.findValuesAsText("name")).containsExactly("one.jpg", "two.png");
    assertThat(items.findValuesAsText("file"))
        .containsExactly("originals/test.images/one.jpg", "originals/test.images/two.png");
    JsonNode category = json.readTree(files.get("manifest.json")).get("categories").get(0);
    assertThat(category.get("originals").findValuesAsText("file"))
        .containsExactly("originals/test.images/one.jpg", "originals/test.images/two.png");
    assertThat(category.get("originals").get(0).get("bytes").asLong()).isEqualTo(one.length);
    assertThat(new String(out.toByteArray(), StandardCharsets.ISO_8859_1))
        .doesNotContain("bobs.jpg")
        .doesNotContain(bob);
  }

  @Test
  @DisplayName("retention expires blobs collected before the category's period")
  void retentionExpiresBlobs() throws Exception {
    var old = put(alice, "old.jpg", randomBytes(1_000, 6));
    put(alice, "new.jpg", randomBytes(1_000, 7));
    jdbc.sql("update personal_blob set created_at = now() - interval '40 days' where id = :id")
        .param("id", old.id())
        .update();
    var rule = bindings().get(0).ruleAt(Instant.now());
    long before = store().inspect(rule).due();
    assertThat(before).isGreaterThanOrEqualTo(1);

    List<Long> journal = new ArrayList<>();
    store().expire(rule, (items, detail) -> journal.add(items));

    assertThat(journal.stream().mapToLong(Long::longValue).sum()).isEqualTo(before);
    assertThat(Files.exists(fileOf(blobs.list(SITE, alice).get(0)))).isTrue();
    assertThat(blobs.list(SITE, alice))
        .extracting(PersonalBlobs.PersonalBlob::name)
        .containsExactly("new.jpg");
  }

  @Test
  @DisplayName("malformed or unknown input gets a clear error, not a stack trace")
  void clearErrors() throws Exception {
    assertThatThrownBy(() -> put(alice, "../etc/passwd", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without slashes");
    assertThatThrownBy(() -> put(alice, "", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(
            () ->
                blobs.put(
                    SITE,
                    alice,
                    "Images!",
                    "a.jpg",
                    "image/png",
                    new ByteArrayInputStream(new byte[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy category id");
    assertThatThrownBy(
            () ->
                blobs.put(
                    SITE,
                    alice,
                    IMAGES,
                    "a.jpg",
                    "not a type",
                    new ByteArrayInputStream(new byte[1])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("media type");
    assertThatThrownBy(() -> put("", "a.jpg", new byte[1]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject id");
    put(alice, "a.jpg", new byte[] {1});
    assertThatThrownBy(() -> put(alice, "a.jpg", new byte[] {2}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("already has a blob of that name");
    assertThatThrownBy(() -> blobs.read(SITE, alice, IMAGES, "missing.jpg"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessageContaining("no blob of that name");
    // Bob cannot reach Alice's blob by its name.
    assertThatThrownBy(() -> blobs.read(SITE, bob, IMAGES, "a.jpg"))
        .isInstanceOf(NoSuchElementException.class);
  }

  @Test
  @DisplayName("a corrupted or missing blob gives a clear error, not a stack trace of Tink's")
  void corruptedBlob() throws Exception {
    var blob = put(alice, "photo.jpg", randomBytes(20_000, 8));
    Path file = fileOf(blob);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(file, bytes);

    assertThatThrownBy(() -> blobs.read(SITE, alice, IMAGES, "photo.jpg"))
        .isInstanceOf(UnreadableBlobException.class)
        .hasMessageContaining("altered or truncated")
        .hasMessageNotContaining(alice);

    Files.delete(file);
    assertThatThrownBy(() -> blobs.read(SITE, alice, IMAGES, "photo.jpg"))
        .isInstanceOf(UnreadableBlobException.class)
        .hasMessageContaining("is missing from");
  }
}
