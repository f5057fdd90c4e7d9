package dev.pledge.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The two passwords of the embedded PostgreSQL — the {@code postgres} superuser's and the
 * application role's ({@value #APP_ROLE}) — generated once into {@code {data-dir}/}{@value
 * #FILE_NAME}, mode 0600. The file is in PostgreSQL's own password-file format, so psql and pgbench
 * read it as it is:
 *
 * <pre>
 * {@code PGPASSFILE=pledge-data/postgres.pgpass psql -h 127.0.0.1 -p PORT -U pledge_app postgres}
 * </pre>
 *
 * The file is the source of truth: Pledge sets both passwords from it at every start, so a changed
 * or deleted file takes effect at the next start.
 *
 * @param superuser the {@code postgres} role's password
 * @param app the {@value #APP_ROLE} role's password
 */
public record EmbeddedDatabasePasswords(String superuser, String app) {

  /** Where in the data directory the passwords are kept. */
  public static final String FILE_NAME = "postgres.pgpass";

  /** The role the server connects as: owns the schema, is not a superuser. */
  public static final String APP_ROLE = "pledge_app";

  static final String SUPERUSER = "postgres";

  // Hosts the lines match: the server listens on loopback only, and psql matches -h literally.
  private static final String[] HOSTS = {"localhost", "127.0.0.1"};

  @Override
  public String toString() {
    return "EmbeddedDatabasePasswords[not shown]";
  }

  /** The passwords of the data directory's embedded PostgreSQL, if its file exists. */
  public static Optional<EmbeddedDatabasePasswords> read(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE_NAME);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, String> byRole = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      // host:port:database:user:password — our passwords contain no ':' or '\' to escape.
      String[] fields = line.split(":", 5);
      if (fields.length == 5 && !fields[4].isEmpty()) {
        byRole.putIfAbsent(fields[3], fields[4]);
      }
    }
    String superuser = byRole.get(SUPERUSER);
    String app = byRole.get(APP_ROLE);
    if (superuser == null || app == null) {
      throw new IOException(
          file
              + " holds no password for the role "
              + (superuser == null ? SUPERUSER : APP_ROLE)
              + ". Delete the file to have new passwords generated (Pledge sets them in the"
              + " database at its next start), or add a line 'localhost:*:*:ROLE:PASSWORD'.");
    }
    return Optional.of(new EmbeddedDatabasePasswords(superuser, app));
  }

  /** Reads the data directory's passwords, generating the file first if there is none. */
  static EmbeddedDatabasePasswords loadOrCreate(Path dataDir) throws IOException {
    Optional<EmbeddedDatabasePasswords> existing = read(dataDir);
    if (existing.isPresent()) {
      return existing.get();
    }
    EmbeddedDatabasePasswords generated =
        new EmbeddedDatabasePasswords(randomPassword(), randomPassword());
    createOnce(dataDir.resolve(FILE_NAME), generated.fileContent());
    // Another process may have won the race to create it: what is in the file counts.
    return read(dataDir).orElseThrow();
  }

  private String fileContent() {
    StringBuilder text =
        new StringBuilder()
            .append(
                "# Passwords of Pledge's embedded PostgreSQL, generated; mode 0600, keep it so.\n")
            .append("# Pledge sets them in the database at every start. For psql or pgbench:\n")
            .append("#   PGPASSFILE=")
            .append(FILE_NAME)
            .append(" psql -h 127.0.0.1 -p PORT -U ")
            .append(APP_ROLE)
            .append(" postgres\n");
    for (String role : new String[] {APP_ROLE, SUPERUSER}) {
      for (String host : HOSTS) {
        text.append(host)
            .append(":*:*:")
            .append(role)
            .append(':')
            .append(role.equals(SUPERUSER) ? superuser : app)
            .append('\n');
      }
    }
    return text.toString();
  }

  private static String randomPassword() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Owner-only from the first byte, whole or absent; an existing file stays as it is. */
  private static void createOnce(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    // The JDK creates temporary files owner-only (0600 on POSIX); a rename keeps the mode.
    Path temp = Files.createTempFile(dir, "." + FILE_NAME, ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file);
    } catch (FileAlreadyExistsException raced) {
      // another start wrote it first: theirs counts
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
