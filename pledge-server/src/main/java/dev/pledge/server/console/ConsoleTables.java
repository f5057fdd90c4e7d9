package dev.pledge.server.console;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The console's operator accounts belong to the deployment's own staff, not to the visitors and
 * users the published policies speak to; they hold a sign-in name and an Argon2id hash.
 */
@Component
class ConsoleTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of("operator", "the deployment's staff accounts, outside the published policies");
  }
}
