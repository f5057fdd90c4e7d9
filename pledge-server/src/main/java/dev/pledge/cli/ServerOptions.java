package dev.pledge.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by {@code serve} and {@code demo}, turned into server properties. */
final class ServerOptions {

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free port).")
  int port;

  @Option(
      names = "--database-url",
      defaultValue = "${env:PLEDGE_DATABASE_URL}",
      description =
          "JDBC URL of an external PostgreSQL, e.g. jdbc:postgresql://db:5432/pledge"
              + " (env PLEDGE_DATABASE_URL). Without it Pledge runs an embedded PostgreSQL in the"
              + " data directory.")
  String databaseUrl;

  @Option(
      names = "--database-user",
      defaultValue = "${env:PLEDGE_DATABASE_USER}",
      description = "User for the external database (env PLEDGE_DATABASE_USER).")
  String databaseUser;

  @Option(
      names = "--database-password",
      defaultValue = "${env:PLEDGE_DATABASE_PASSWORD}",
      description = "Password for the external database (env PLEDGE_DATABASE_PASSWORD).")
  String databasePassword;

  Map<String, Object> toProperties(Path dataDir, List<String> policies, boolean demo) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("server.port", port);
    p.put("pledge.data-dir", dataDir.toString());
    p.put("pledge.demo", demo);
    List<String> list = new ArrayList<>(policies);
    p.put("pledge.policies", String.join(",", list));
    if (databaseUrl != null && !databaseUrl.isBlank()) {
      p.put("spring.datasource.url", databaseUrl);
      if (databaseUser != null) {
        p.put("spring.datasource.username", databaseUser);
      }
      if (databasePassword != null) {
        p.put("spring.datasource.password", databasePassword);
      }
    }
    return p;
  }
}
