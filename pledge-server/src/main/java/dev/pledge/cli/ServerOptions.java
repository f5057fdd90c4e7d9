package dev.pledge.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by {@code serve} and {@code demo}, turned into server properties. */
final class ServerOptions {

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int port;

  @Mixin DatabaseOptions database = new DatabaseOptions();

  /**
   * @param host the address to listen on, or null for the configured {@code server.address} (every
   *     interface when none is configured)
   */
  Map<String, Object> toProperties(Path dataDir, List<String> policies, boolean demo, String host) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", port);
    if (host != null && !host.isBlank()) {
      p.put("server.address", host.strip());
    }
    p.put("pledge.data-dir", dataDir.toString());
    p.put("pledge.demo", demo);
    if (demo) {
      // The demo runs on one machine: a developer may point its webhooks at a local receiver.
      p.put("pledge.api.webhooks.allow-loopback", true);
    }
    p.put("pledge.policies", String.join(",", policies));
    database.addTo(p);
    return p;
  }
}
