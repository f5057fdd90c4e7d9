package dev.pledge.server.contacts;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The module's table: clocks of messages that stay in their mailbox, nobody named. */
@Component
class ContactTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "contact_message",
        "a hash, contact role and response clock per message to a contact; the mail stays in its"
            + " mailbox");
  }
}
