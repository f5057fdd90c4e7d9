package dev.pledge.server.console;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The console's operator accounts belong to the deployment's own staff, not to the visitors and
 * users the published policies speak to; they hold a sign-in name and an Argon2id hash, and the
 * sessions signed in with them.
 */
@Component
class ConsoleTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "operator",
        "the deployment's staff accounts, outside the published policies",
        "console_throttle",
        "failed console sign-ins and password checks counted per salted hash of a client network,"
            + " username or operator, so that instances share the back-off; deleted at the next"
            + " failure after a day, never looked up by person",
        "console_throttle_salt",
        "the one random salt of those hashes",
        "console_session",
        "the operators' console sessions: the SHA-256 of the session id, the operator's sign-in"
            + " name, times and the session's attributes (security context, CSRF token, and for"
            + " a moment what the operator works on: an address searched for, a draft, a"
            + " download link shown once) sealed with a key derived from the session id, which"
            + " only the operator's cookie carries, so the table alone reads none of it; deleted"
            + " at sign-out or after the idle timeout");
  }
}
