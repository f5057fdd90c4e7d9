package dev.pledge.server.backup;

import java.time.Instant;
import java.util.Map;

/**
 * What a backup holds, as its {@value #FILE_NAME} says; written last, so a backup without one is
 * incomplete.
 *
 * @param format the layout's version
 * @param createdAt the database snapshot's moment: every change committed before it is in the copy
 * @param flywayVersion the schema version of the copied database
 * @param tables each table's row count, in the order a restore loads them
 * @param sequences each sequence's last value ({@code null}: never used)
 * @param blobs where the blobs were copied from, or why they were not
 * @param files SHA-256 (hex) of every file of the backup but the manifest, by relative path
 */
public record BackupManifest(
    int format,
    Instant createdAt,
    String flywayVersion,
    Map<String, Long> tables,
    Map<String, Long> sequences,
    String blobs,
    Map<String, String> files) {

  public static final String FILE_NAME = "manifest.json";
  static final int FORMAT = 1;
}
