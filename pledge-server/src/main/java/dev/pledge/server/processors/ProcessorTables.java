package dev.pledge.server.processors;

import dev.pledge.server.retention.DeclaredTables;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The module's tables: counts only. */
@Component
class ProcessorTables implements DeclaredTables {

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "processor_transfer",
        "counts of what was sent to each processor, per day and category",
        "authority_disclosure",
        "disclosures to authorities: basis, dates, categories and a count of people, no names");
  }
}
