package dev.pledge.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where an external PostgreSQL is: shared by {@code serve}, {@code demo} and maintenance commands.
 */
final class DatabaseOptions {

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

  boolean external() {
    return databaseUrl != null && !databaseUrl.isBlank();
  }

  /** Adds the {@code spring.datasource.*} properties when an external database is given. */
  void addTo(Map<String, Object> properties) {
    if (!external()) {
      return;
    }
    properties.put("spring.datasource.url", databaseUrl);
    if (databaseUser != null) {
      properties.put("spring.datasource.username", databaseUser);
    }
    if (databasePassword != null) {
      properties.put("spring.datasource.password", databasePassword);
    }
  }
}
