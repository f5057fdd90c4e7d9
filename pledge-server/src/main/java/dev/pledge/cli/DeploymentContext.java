package dev.pledge.cli;

import dev.pledge.server.EmbeddedDatabasePasswords;
import dev.pledge.server.MaintenanceMode;
import dev.pledge.server.PledgeServer;
import dev.pledge.server.console.demo.DemoMailProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server's Spring context without the server, on a deployment's database, for commands such as
 * {@code pledge audit verify}, {@code pledge retention plan|run} and {@code pledge verify}. It runs
 * in maintenance mode ({@link MaintenanceMode}): no web server, no scheduler, no start-up work,
 * beans made on first use. The database is, in this order:
 *
 * <ol>
 *   <li>the external PostgreSQL of {@code --database-url} / {@code PLEDGE_DATABASE_URL};
 *   <li>the embedded PostgreSQL of a server running on the data directory, reached on the port in
 *       its {@code postgres/postmaster.pid} as the application role, with the password in the data
 *       directory's {@value EmbeddedDatabasePasswords#FILE_NAME};
 *   <li>the data directory's embedded PostgreSQL, started for the command and stopped after it.
 * </ol>
 *
 * <pre>{@code
 * @Mixin DeploymentOptions deployment = new DeploymentOptions();
 * ...
 * try (DeploymentContext context = DeploymentContext.open(deployment, policies)) {
 *   AuditTrail trail = context.bean(AuditTrail.class);
 * } catch (DeploymentContext.Unavailable e) {
 *   err.println("pledge audit verify: " + e.getMessage());
 *   return e.exitCode();
 * }
 * }</pre>
 */
final class DeploymentContext implements AutoCloseable {

  static final Path DEFAULT_DATA_DIR = Path.of("pledge-data");
  static final Path DEMO_DATA_DIR = DEFAULT_DATA_DIR.resolve("demo");

  /** The deployment cannot be reached; the message says why and what to do. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    Unavailable(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }

    /** 2 when the options point nowhere, 1 when the database failed. */
    int exitCode() {
      return exitCode;
    }
  }

  private final ConfigurableApplicationContext context;
  private final String description;
  private final List<String> notes;

  private DeploymentContext(
      ConfigurableApplicationContext context, String description, List<String> notes) {
    this.context = context;
    this.description = description;
    this.notes = notes;
  }

  /** Opens the deployment with the shipped policies. */
  static DeploymentContext open(DeploymentOptions options) throws Unavailable {
    return open(options, ServerRunner.shippedPolicies());
  }

  /** Opens the deployment; {@code policies} are the policy files it serves. */
  static DeploymentContext open(DeploymentOptions options, List<String> policies)
      throws Unavailable {
    return open(options, policies, Map.of(), false);
  }

  /**
   * As {@link #open(DeploymentOptions, List)} with {@code extra} properties; {@code forRestore}
   * lets an embedded database be created in a data directory that has none (the first step of a
   * restore onto a new machine), and refuses a data directory a server is running on.
   */
  static DeploymentContext open(
      DeploymentOptions options,
      List<String> policies,
      Map<String, Object> extra,
      boolean forRestore)
      throws Unavailable {
    Map<String, Object> properties = new LinkedHashMap<>(extra);
    properties.put(MaintenanceMode.PROPERTY, true);
    properties.put("pledge.policies", String.join(",", policies));
    properties.put("logging.level.dev.pledge", "WARN");
    String description;
    Path dataDir;
    boolean serverRunning = false;
    if (options.database.external()) {
      dataDir = options.dataDir == null ? DEFAULT_DATA_DIR : options.dataDir;
      options.database.addTo(properties);
      description = "the database at " + withoutSecrets(options.database.databaseUrl);
    } else {
      dataDir = options.dataDir == null ? defaultDataDir() : options.dataDir;
      Path postgres = dataDir.resolve("postgres");
      if (!forRestore && !Files.isRegularFile(postgres.resolve("PG_VERSION"))) {
        throw new Unavailable(
            "no Pledge database in "
                + dataDir
                + " (no "
                + postgres
                + "): pass the deployment's --data-dir (the demo's is "
                + DEMO_DATA_DIR
                + "), or --database-url for an external PostgreSQL",
            2);
      }
      Optional<Integer> port = runningServerPort(postgres);
      if (port.isPresent() && forRestore) {
        throw new Unavailable(
            "a Pledge server is running on "
                + dataDir
                + ": stop it first; a restore replaces its database, keys and blobs",
            1);
      }
      if (port.isPresent()) {
        serverRunning = true;
        description = "the database of the server running on " + dataDir;
        properties.put(
            "spring.datasource.url", "jdbc:postgresql://localhost:" + port.get() + "/postgres");
        properties.put("spring.datasource.username", EmbeddedDatabasePasswords.APP_ROLE);
        properties.put("spring.datasource.password", appPassword(dataDir, description));
      } else {
        description = "the embedded database in " + dataDir;
      }
    }
    properties.put("pledge.data-dir", dataDir.toString());
    List<String> notes = new java.util.ArrayList<>();
    Optional<Map<String, Object>> demoMail = DemoMailProperties.forCommands(dataDir);
    if (demoMail.isPresent() && !imapConfigured()) {
      // The demo's privacy mailbox is a store like the others: checked here too, as the console
      // checks it.
      properties.putAll(demoMail.get());
      if (!serverRunning) {
        notes.add(
            "The demo's mail server, and so its privacy mailbox, runs only inside `pledge demo`:"
                + " start the demo to check the mailbox.");
      }
    }
    try {
      return new DeploymentContext(PledgeServer.start(properties), description, List.copyOf(notes));
    } catch (RuntimeException e) {
      throw new Unavailable("cannot open " + description + ": " + ServerRunner.rootMessage(e), 1);
    }
  }

  /** The application role's password, from the file the running server keeps it in. */
  private static String appPassword(Path dataDir, String description) throws Unavailable {
    try {
      return EmbeddedDatabasePasswords.read(dataDir)
          .orElseThrow(
              () ->
                  new Unavailable(
                      "cannot open "
                          + description
                          + ": "
                          + dataDir.resolve(EmbeddedDatabasePasswords.FILE_NAME)
                          + " is missing. It holds the database passwords; restart the server"
                          + " to have it written again",
                      1))
          .app();
    } catch (IOException e) {
      throw new Unavailable("cannot open " + description + ": " + e.getMessage(), 1);
    }
  }

  /** A bean of the server, such as {@code AuditTrail}. */
  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  /** What the command should know about this deployment beyond its results, for its output. */
  List<String> notes() {
    return notes;
  }

  /** Whether the privacy mailbox was configured for this process, as for the server. */
  private static boolean imapConfigured() {
    return System.getenv("PLEDGE_MAIL_IMAP_HOST") != null
        || System.getProperty("pledge.mail.imap.host") != null;
  }

  /** Which database this is, for messages ("the embedded database in pledge-data/demo"). */
  String description() {
    return description;
  }

  @Override
  public void close() {
    context.close();
  }

  /** pledge-data, unless only the demo's directory holds a database. */
  static Path defaultDataDir() {
    if (!hasDatabase(DEFAULT_DATA_DIR) && hasDatabase(DEMO_DATA_DIR)) {
      return DEMO_DATA_DIR;
    }
    return DEFAULT_DATA_DIR;
  }

  private static boolean hasDatabase(Path dataDir) {
    return Files.isRegularFile(dataDir.resolve("postgres").resolve("PG_VERSION"));
  }

  /**
   * The port of the PostgreSQL running on this directory, from {@code postmaster.pid} (line 1: the
   * process id, line 4: the port), if that process is alive.
   */
  static Optional<Integer> runningServerPort(Path postgres) {
    Path pidFile = postgres.resolve("postmaster.pid");
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
      if (lines.size() < 4) {
        return Optional.empty();
      }
      long pid = Long.parseLong(lines.get(0).trim());
      int port = Integer.parseInt(lines.get(3).trim());
      boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
      return alive ? Optional.of(port) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // unreadable or half-written: start the embedded server instead
    }
  }

  /** A JDBC URL without a password parameter, for messages. */
  static String withoutSecrets(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
