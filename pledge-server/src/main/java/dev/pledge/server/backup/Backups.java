package dev.pledge.server.backup;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pledge.server.PledgeSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * {@code pledge backup}: the database (one snapshot, {@link DatabaseCopy}), then the keys
 * directory, then the local blob store, then the manifest. Blobs are copied after the snapshot, so
 * every blob a copied row names was already stored (blobs are written before their rows); a blob
 * deleted in between is one whose row is gone too, or whose person's key is. The erasure ledger
 * ({@code keys/erasure-ledger}) is left out: a restore reads the live one.
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

  private final DataSource dataSource;
  private final Path dataDir;
  private final boolean s3Blobs;

  Backups(DataSource dataSource, PledgeSettings settings, Environment env) {
    this.dataSource = dataSource;
    this.dataDir = settings.dataDir().toAbsolutePath().normalize();
    String bucket = env.getProperty("pledge.blobs.s3.bucket");
    this.s3Blobs = bucket != null && !bucket.isBlank();
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
    if (s3Blobs) {
      blobs =
          "not copied: blobs are kept in an S3 bucket; back it up with the store's own versioning"
              + " or replication";
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
