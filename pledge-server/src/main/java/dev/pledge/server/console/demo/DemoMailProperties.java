package dev.pledge.server.console.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server properties that make {@code pledge demo} run its own mail server and send and read
 * mail through it. The properties are needed before the server starts (Spring's mail sender and the
 * privacy mailbox reader are configured from them), so the demo command computes them here.
 */
public final class DemoMailProperties {

  public static final int DEFAULT_SMTP_PORT = 3025;
  public static final int DEFAULT_IMAP_PORT = 3143;

  /** The IMAP login of the privacy mailbox; its address comes from the reference site's policy. */
  static final String LOGIN = "privacy-mailbox";

  /**
   * The IMAP login of the studio's support mailbox; its address is the studio's support contact.
   */
  static final String SUPPORT_LOGIN = "support-mailbox";

  /** Only this machine may reach the demo mail server. */
  static final String HOST = "127.0.0.1";

  private DemoMailProperties() {}

  /**
   * Properties for a demo mail server on these localhost ports whose privacy mailbox has {@code
   * password}.
   */
  public static Map<String, Object> of(int smtpPort, int imapPort, String password) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("pledge.demo-mail.enabled", true);
    p.put("pledge.demo-mail.smtp-port", smtpPort);
    p.put("pledge.demo-mail.imap-port", imapPort);
    p.put("pledge.demo-mail.password", password);
    p.put("spring.mail.host", HOST);
    p.put("spring.mail.port", smtpPort);
    p.put("pledge.mail.imap.host", HOST);
    p.put("pledge.mail.imap.port", imapPort);
    p.put("pledge.mail.imap.ssl", false);
    p.put("pledge.mail.imap.user", LOGIN);
    p.put("pledge.mail.imap.password", password);
    // E-mailed replies to the studio's support tickets arrive in the support mailbox.
    p.put("pledge.support.mailbox.host", HOST);
    p.put("pledge.support.mailbox.port", imapPort);
    p.put("pledge.support.mailbox.ssl", false);
    p.put("pledge.support.mailbox.user", SUPPORT_LOGIN);
    p.put("pledge.support.mailbox.password", password);
    p.put("pledge.support.mailbox.poll-interval", "PT15S");
    // Deadline reminders for operators land on the Demo mail page too.
    p.putIfAbsent("pledge.rights.operator-address", "operators@pledge.localhost");
    // Someone trying the demo waits for the intake: read the mailbox often.
    p.put("pledge.mail.imap.poll-interval", "PT15S");
    // GreenMail names every recipient it creates a mailbox for: addresses stay out of the log.
    p.put("logging.level.com.icegreen.greenmail", "WARN");
    return p;
  }

  static final String PASSWORD_FILE = "demo-mail-password";
  static final String PORTS_FILE = "demo-mail-ports";

  /**
   * Notes the demo mail server's ports in {@code {data-dir}/demo-mail-ports}, so that a CLI command
   * on the demo's data directory reaches the same mailbox ({@link #forCommands}).
   */
  public static void recordPorts(Path dataDir, int smtpPort, int imapPort) {
    try {
      Files.createDirectories(dataDir);
      Files.writeString(
          dataDir.resolve(PORTS_FILE),
          "smtp=" + smtpPort + "\nimap=" + imapPort + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot note the demo mail server's ports in " + dataDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * For a CLI command on a demo's data directory: the settings that reach the demo's privacy
   * mailbox (IMAP only — the command starts no mail server of its own), or empty when {@code
   * dataDir} is not a demo's. The mailbox answers only while {@code pledge demo} runs: its mail
   * server lives inside the demo.
   */
  public static java.util.Optional<Map<String, Object>> forCommands(Path dataDir) {
    Path password = dataDir.resolve(PASSWORD_FILE);
    if (!Files.isRegularFile(password)) {
      return java.util.Optional.empty();
    }
    int imap = DEFAULT_IMAP_PORT;
    try {
      Path ports = dataDir.resolve(PORTS_FILE);
      if (Files.isRegularFile(ports)) {
        for (String line : Files.readAllLines(ports, StandardCharsets.UTF_8)) {
          if (line.startsWith("imap=")) {
            imap = Integer.parseInt(line.substring(5).strip());
          }
        }
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("pledge.mail.imap.host", HOST);
      p.put("pledge.mail.imap.port", imap);
      p.put("pledge.mail.imap.ssl", false);
      p.put("pledge.mail.imap.user", LOGIN);
      p.put(
          "pledge.mail.imap.password", Files.readString(password, StandardCharsets.UTF_8).strip());
      return java.util.Optional.of(p);
    } catch (IOException | NumberFormatException e) {
      return java.util.Optional.empty();
    }
  }

  /**
   * The demo mailbox's password, generated once per data directory and kept in {@code
   * {data-dir}/demo-mail-password} (owner-only), so it is never printed or logged.
   */
  public static String passwordFor(Path dataDir) {
    Path file = dataDir.resolve(PASSWORD_FILE);
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.createDirectories(dataDir);
      byte[] random = new byte[18];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      try {
        if (dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
          Files.createFile(file);
        }
        Files.writeString(file, password, StandardCharsets.UTF_8);
        return password;
      } catch (FileAlreadyExistsException e) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot keep the demo mailbox's password in " + file + ": " + e.getMessage(), e);
    }
  }
}
