package dev.pledge.server.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.blobs.BlobObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/**
 * {@code pledge backup}: the database (one snapshot, {@link DatabaseCopy}), then the keys
 * directory, then the blobs (the local blob store's files, or, with an S3-compatible store, every
 * object the snapshot's {@code personal_blob} rows name, into {@code objects/}), then the manifest.
 * Blobs are copied after the snapshot, so every blob a copied row names was already stored (blobs
 * are written before their rows); a blob deleted in between is one whose row is gone too, or whose
 * person's key is. The erasure ledger ({@code keys/erasure-ledger}) is left out: a restore reads
 * the live one.
 */
@Service
public class Backups {

  /** The file in {@code {data-dir}/keys/} a backup never copies (see ErasureLedger). */
  static final String LEDGER = "erasure-ledger";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** Where a backup keeps the objects of an object store, by object key. */
  static final String OBJECTS = "objects";

  private final DataSource dataSource;
  private final Path dataDir;
  private final BlobObjects objects;

  Backups(DataSource dataSource, PledgeSettings settings, BlobObjects objects) {
    this.dataSource = dataSource;
    this.dataDir = settings.dataDir().toAbsolutePath().normalize();
    this.objects = objects;
  }

  /**
   * Writes a backup into {@code to}, which must not exist or be empty.
   *
   * @throws IllegalArgumentException when {@code to} holds files already (the message says which)
   */
  public BackupManifest write(Path to) throws IOException, SQLException {
    Path dir = to.toAbsolutePath().normalize();
    if (Files.isDirectory(dir)) {
      try (Stream<Path> any = Files.list(dir)) {
        if (any.findAny().isPresent()) {
          throw new IllegalArgumentException(
              dir
                  + " is not empty: give a new directory to back up into (a backup never mixes"
                  + " with another one's files)");
        }
      }
    } else if (Files.exists(dir)) {
      throw new IllegalArgumentException(dir + " is a file: give a directory to back up into");
    }
    if (dir.startsWith(dataDir)) {
      throw new IllegalArgumentException(
          dir + " is inside the data directory " + dataDir + ": back up to another place");
    }
    OwnerOnlyFiles.directory(dir);
    DatabaseCopy.Snapshot db = new DatabaseCopy(dataSource).writeTo(dir);
    Map<String, String> sums = new TreeMap<>();
    for (Path f : db.files()) {
      sums.put(f.toString(), OwnerOnlyFiles.sha256(dir.resolve(f)));
    }
    copyTree(dataDir.resolve("keys"), dir.resolve("keys"), dir, sums);
    String blobs;
    if (objects.inObjectStore()) {
      int copied = copyObjects(db.objectKeys(), dir, sums);
      blobs = copied + " objects copied from " + objects.description();
    } else {
      copyTree(dataDir.resolve("blobs"), dir.resolve("blobs"), dir, sums);
      blobs = "copied from " + dataDir.resolve("blobs");
    }
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            db.snapshotAt(),
            db.flywayVersion(),
            db.rows(),
            db.sequences(),
            blobs,
            sums);
    Path temp = dir.resolve(BackupManifest.FILE_NAME + ".tmp");
    try (OutputStream out = OwnerOnlyFiles.create(temp)) {
      JSON.writeValue(out, manifest);
    }
    Files.move(temp, dir.resolve(BackupManifest.FILE_NAME));
    return manifest;
  }

  /**
   * Copies the objects the snapshot's rows name into {@code objects/{key}}, as stored (ciphertext).
   * One deleted since the snapshot is left out: its row is gone now, or its person's key.
   */
  private int copyObjects(List<String> keys, Path backup, Map<String, String> sums)
      throws IOException {
    int copied = 0;
    for (String key : keys) {
      if (!BlobObjects.isObjectKey(key)) {
        throw new IllegalStateException(
            "personal_blob names an object key Pledge does not make: " + key);
      }
      Path target = backup.resolve(OBJECTS).resolve(key);
      MessageDigest sha = OwnerOnlyFiles.sha256Digest();
      try (InputStream in = new DigestInputStream(objects.open(key), sha);
          OutputStream out = OwnerOnlyFiles.create(target)) {
        in.transferTo(out);
      } catch (NoSuchFileException gone) {
        Files.deleteIfExists(target);
        continue;
      }
      sums.put(backup.relativize(target).toString(), HexFormat.of().formatHex(sha.digest()));
      copied++;
    }
    return copied;
  }

  /** Reads a backup's manifest. */
  public static BackupManifest manifest(Path backup) throws IOException {
    return JSON.readValue(backup.resolve(BackupManifest.FILE_NAME).toFile(), BackupManifest.class);
  }

  /**
   * Copies the files under {@code from} (none when it does not exist), leaving out the erasure
   * ledger and half-written files (the blob store's {@code .incoming/}, key files' temporaries).
   */
  private static void copyTree(Path from, Path to, Path backup, Map<String, String> sums)
      throws IOException {
    if (!Files.isDirectory(from)) {
      return;
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(from)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    for (Path f : files) {
      Path rel = from.relativize(f);
      String first = rel.getName(0).toString();
      String name = f.getFileName().toString();
      if (first.equals(".incoming") || name.equals(LEDGER) || name.endsWith(".tmp")) {
        continue;
      }
      Path target = to.resolve(rel.toString());
      try {
        sums.put(backup.relativize(target).toString(), OwnerOnlyFiles.copy(f, target));
      } catch (java.nio.file.NoSuchFileException gone) {
        // deleted since the walk (expired or erased): its row is gone from the snapshot or soon
      }
    }
  }
}
