package dev.pledge.cli;

import dev.pledge.server.console.demo.DemoMailProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pledge demo}: both shipped services with demo content on the embedded database. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs both shipped services (the reference site and the image studio) with demo content"
            + " on an embedded PostgreSQL, and prints where each answers.")
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ServerOptions server = new ServerOptions();

  @Option(
      names = "--data-dir",
      defaultValue = "pledge-data/demo",
      description = "Where the demo's database and logs live (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  /** The demo's console password is published: only this machine may reach it unless asked. */
  static final String LOOPBACK = "127.0.0.1";

  @Option(
      names = "--host",
      paramLabel = "ADDRESS",
      defaultValue = LOOPBACK,
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only: the demo's console"
              + " password is published). 0.0.0.0 opens the demo to every machine that can reach"
              + " this one. The demo's mail server stays on 127.0.0.1.")
  String host;

  @Option(
      names = "--mail-smtp-port",
      defaultValue = "" + DemoMailProperties.DEFAULT_SMTP_PORT,
      description =
          "Localhost port of the demo's mail server for sending (SMTP; default: ${DEFAULT-VALUE}).")
  int smtpPort;

  @Option(
      names = "--mail-imap-port",
      defaultValue = "" + DemoMailProperties.DEFAULT_IMAP_PORT,
      description =
          "Localhost port of the demo's mail server for reading (IMAP; default: ${DEFAULT-VALUE}).")
  int imapPort;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    List<String> locations = ServerRunner.shippedPolicies();
    if (!ServerRunner.policiesValid(locations, err)) {
      return 1;
    }
    // Checked before anything starts, so a taken port is one clear line, not a failed start.
    if (!portFree(smtpPort, "SMTP", "--mail-smtp-port", err)
        || !portFree(imapPort, "IMAP", "--mail-imap-port", err)) {
      return 1;
    }
    return ServerRunner.run(
        serverProperties(locations), out, err, "with demo content (data in " + dataDir + ")");
  }

  /** The server's properties for the demo: loopback only unless {@code --host} says otherwise. */
  Map<String, Object> serverProperties(List<String> locations) {
    Map<String, Object> properties = server.toProperties(dataDir, locations, true, host);
    // The demo's own mail server: acknowledgements and links arrive somewhere a person can read
    // them (the console's Demo mail page), and the e-mail channel works without a real mailbox.
    properties.putAll(
        DemoMailProperties.of(smtpPort, imapPort, DemoMailProperties.passwordFor(dataDir)));
    if (server.port > 0) {
      // Links in e-mails lead back to this server, not to the properties' production domains.
      properties.put("pledge.rights.public-base-url", "http://localhost:" + server.port);
    }
    return properties;
  }

  private static boolean portFree(int port, String protocol, String option, PrintWriter err) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      err.println(
          "Port "
              + port
              + " on localhost, for the demo mailbox's "
              + protocol
              + ", is already in use. Stop what uses it, or start the demo with "
              + option
              + " <a free port>.");
      err.flush();
      return false;
    }
  }
}
