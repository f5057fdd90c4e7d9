package dev.pledge.server.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Every completed erasure, kept outside the database: {@code {data-dir}/keys/erasure-ledger}, one
 * line per erasure ({@code time<TAB>property<TAB>subject reference}), owner-only, only ever
 * appended and synced to disk. A backup taken before an erasure still holds the person; a restore
 * of it reads this file from the live system (backups never copy it) and erases again everyone
 * erased after the backup. People appear only as the audit trail's keyed hash ({@link
 * AuditTrail#subjectReference}), never by address or name.
 */
public class ErasureLedger {

  public static final String FILE_NAME = "erasure-ledger";

  /**
   * One erasure.
   *
   * @param at when it completed
   * @param property the property it erased the person from
   * @param subjectReference the person, as the audit trail's keyed hash
   */
  public record Entry(Instant at, String property, String subjectReference) {}

  private final Path file;

  /** The ledger in {@code file}; the server's is {@code {data-dir}/keys/erasure-ledger}. */
  public ErasureLedger(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  public Path file() {
    return file;
  }

  /** Appends one erasure; on return it is on disk. */
  public synchronized void record(Entry entry) {
    if (entry.property().contains("\t") || entry.subjectReference().contains("\t")) {
      throw new IllegalArgumentException("a ledger field holds a tab");
    }
    String line = entry.at() + "\t" + entry.property() + "\t" + entry.subjectReference() + "\n";
    try {
      Path dir = file.getParent();
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(
              dir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(dir);
        }
      }
      if (posix && !Files.exists(file)) {
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another instance made it first: append to theirs
        }
      }
      if (endsTorn()) {
        line = "\n" + line; // a crash cut the last line short: it stays skipped, this one whole
      }
      try (FileChannel out =
          FileChannel.open(
              file,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        out.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)));
        out.force(true);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot append to the erasure ledger "
              + file
              + " ("
              + e.getMessage()
              + "): make {data-dir}/keys/ writable",
          e);
    }
  }

  private boolean endsTorn() throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) == 0) {
      return false;
    }
    try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer last = ByteBuffer.allocate(1);
      in.read(last, in.size() - 1);
      return last.get(0) != '\n';
    }
  }

  /** Every erasure recorded at or after {@code since}, oldest first. */
  public List<Entry> since(Instant since) {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries()) {
      if (!e.at().isBefore(since)) {
        out.add(e);
      }
    }
    return out;
  }

  /** Every erasure recorded; a torn last line (a crash mid-append) is skipped. */
  public List<Entry> entries() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<Entry> out = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        if (f.length != 3 || f[1].isBlank() || f[2].isBlank()) {
          continue;
        }
        try {
          out.add(new Entry(Instant.parse(f[0]), f[1], f[2]));
        } catch (DateTimeParseException torn) {
          // skipped, as above
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read the erasure ledger " + file + " (" + e.getMessage() + ")", e);
    }
    return out;
  }
}
