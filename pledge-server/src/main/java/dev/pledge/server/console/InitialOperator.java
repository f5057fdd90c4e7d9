package dev.pledge.server.console;

import dev.pledge.server.PledgeSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes sure somebody can sign in to a fresh server: when the operator table is empty at start-up
 * it creates {@code admin} with a random password and leaves that password in a file only this user
 * can read — never in the log. In demo mode the account is {@code demo} / {@code demo-operator},
 * public by design, so it is simply printed.
 */
@Component
class InitialOperator {

  static final String FILE_NAME = "initial-operator-password";
  static final String USERNAME = "admin";
  static final String DEMO_USERNAME = "demo";
  static final String DEMO_PASSWORD = "demo-operator";
  static final int PASSWORD_LENGTH = 20;

  /** No look-alikes (0/O, 1/l/I): the password is read from a file and typed by a person. */
  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

  private static final Logger log = LoggerFactory.getLogger(InitialOperator.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PledgeSettings settings;
  private final OperatorAccounts accounts;
  private final TransactionTemplate tx;

  InitialOperator(
      PledgeSettings settings, OperatorAccounts accounts, PlatformTransactionManager transactions) {
    this.settings = settings;
    this.accounts = accounts;
    this.tx = new TransactionTemplate(transactions);
  }

  /** What was created. */
  record Created(String username, Path passwordFile) {}

  @EventListener(ApplicationStartedEvent.class)
  void atStart() {
    if (settings.maintenance()) {
      return; // a CLI command on a deployment's database creates no accounts
    }
    createIfNone();
  }

  Optional<Created> createIfNone() {
    if (settings.demo()) {
      if (!accounts.createFirst(DEMO_USERNAME, DEMO_PASSWORD)) {
        return Optional.empty();
      }
      log.info(
          "Created the first console operator for the demo: sign in at /console/ as '{}' with"
              + " password '{}'",
          DEMO_USERNAME,
          DEMO_PASSWORD);
      return Optional.of(new Created(DEMO_USERNAME, null));
    }
    String password = randomPassword();
    Path file = passwordFile();
    // The row and the file succeed together: an operator whose password was never written down
    // would lock everyone out, because the next start sees a non-empty table.
    Boolean created =
        tx.execute(
            status -> {
              if (!accounts.createFirst(USERNAME, password)) {
                return false;
              }
              writeOwnerOnly(file, password);
              return true;
            });
    if (!Boolean.TRUE.equals(created)) {
      return Optional.empty();
    }
    log.info(
        "Created the first console operator '{}': its password is in {} (readable by this user"
            + " only); sign in at /console/ and change it under Account",
        USERNAME,
        file);
    return Optional.of(new Created(USERNAME, file));
  }

  /**
   * Removes the password file once the password it holds stops working, so a stale secret does not
   * linger on disk.
   */
  void retireFileIfItHolds(String previousPasswordHash) {
    Path file = passwordFile();
    try {
      if (Files.isRegularFile(file)
          && accounts.passwordMatches(
              Files.readString(file, StandardCharsets.UTF_8).strip(), previousPasswordHash)) {
        Files.delete(file);
        log.info("Removed {}: the first operator's password has been changed", file);
      }
    } catch (IOException e) {
      log.warn("Could not remove {}: {}", file, e.getMessage());
    }
  }

  /**
   * What the sign-in page tells a person about signing in for the first time — only what is true of
   * this server: the demo's published account; or, while the first operator's password file still
   * exists (it is removed once that password is changed), where it is; else nothing.
   */
  SignInHint signInHint() {
    if (settings.demo()) {
      return new SignInHint(DEMO_USERNAME, DEMO_PASSWORD, null);
    }
    if (Files.isRegularFile(passwordFile())) {
      return new SignInHint(USERNAME, null, FILE_NAME);
    }
    return null;
  }

  /**
   * @param username the account to sign in with
   * @param password the password itself, for the demo only (it is published)
   * @param file the file of the data directory that holds the password, or {@code null}
   */
  record SignInHint(String username, String password, String file) {}

  Path passwordFile() {
    return settings.dataDir().toAbsolutePath().normalize().resolve(FILE_NAME);
  }

  static String randomPassword() {
    StringBuilder out = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  /**
   * Writes through a temporary file created with mode 600, so the password is never readable by
   * others, not even for a moment, and a reader never sees half a file.
   */
  private static void writeOwnerOnly(Path file, String password) {
    Path temp = null;
    try {
      Files.createDirectories(file.getParent());
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        temp =
            Files.createTempFile(
                file.getParent(),
                "." + FILE_NAME,
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        temp = Files.createTempFile(file.getParent(), "." + FILE_NAME, ".tmp");
        var f = temp.toFile();
        f.setReadable(false, false);
        f.setReadable(true, true);
        f.setWritable(false, false);
        f.setWritable(true, true);
      }
      Files.writeString(temp, password + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the first console operator's password to "
              + file
              + " ("
              + e.getMessage()
              + "): make the data directory writable (--data-dir) and start again",
          e);
    } finally {
      deleteQuietly(temp);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp == null) {
      return;
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      log.warn("Could not remove the temporary file {}: {}", temp, e.getMessage());
    }
  }
}
