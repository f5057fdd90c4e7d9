package dev.pledge.server.billing;

import dev.pledge.policy.Processor;
import dev.pledge.server.studio.Studio;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The processor gate (B-25): payment data goes to the payment processor the policy declares, and
 * only with the categories the policy says it receives. Checked at start-up (the configured
 * processor must be in the policy with the payment records), and before each sending; every sending
 * and every event received is counted per day and purpose in {@code billing_processor_transfer},
 * the record later governance work reads.
 */
@Component
class ProcessorGate {

  static final String SENT = "sent";
  static final String RECEIVED = "received";

  private final Studio studio;
  private final String name;
  private final JdbcClient jdbc;
  private final Clock clock;

  ProcessorGate(BillingSettings settings, Studio studio, JdbcClient jdbc, Clock clock) {
    this.studio = studio;
    this.name = settings.processor();
    this.jdbc = jdbc;
    this.clock = clock;
    Processor p = declared().orElseThrow(() -> new IllegalStateException(undeclared()));
    if (!p.categories().contains(BillingStores.PAYMENTS)) {
      throw new IllegalStateException(
          "The studio's policy lists the payment processor '"
              + name
              + "' without "
              + BillingStores.PAYMENTS
              + ": add it to that processor's categories, or set pledge.studio.billing.processor"
              + " to the processor that receives payment records");
    }
  }

  /** The processor's name, as the policy lists it. */
  String name() {
    return name;
  }

  /**
   * Records that data of {@code categories} is about to go to the processor for {@code purpose};
   * refuses (nothing is sent) when the policy does not declare the processor receives them.
   */
  void sending(String purpose, String... categories) {
    Processor p = declared().orElseThrow(() -> new IllegalStateException(undeclared()));
    for (String category : categories) {
      if (!p.categories().contains(category)) {
        throw new IllegalStateException(
            "Refused to send " + category + " to " + name + ": the policy does not declare it");
      }
    }
    count(SENT, purpose);
  }

  /** Records an event received from the processor. */
  void received(String purpose) {
    count(RECEIVED, purpose);
  }

  private void count(String direction, String purpose) {
    jdbc.sql(
            """
            insert into billing_processor_transfer (day, processor, direction, purpose, transfers)
            values (:day, :processor, :direction, :purpose, 1)
            on conflict (day, processor, direction, purpose)
            do update set transfers = billing_processor_transfer.transfers + 1
            """)
        .param("day", LocalDate.now(clock.withZone(ZoneOffset.UTC)))
        .param("processor", name)
        .param("direction", direction)
        .param("purpose", purpose)
        .update();
  }

  private Optional<Processor> declared() {
    return studio.policy().processors().stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private String undeclared() {
    List<Processor> all = studio.policy().processors();
    return "pledge.studio.billing.processor is '"
        + name
        + "', but the studio's policy lists no processor of that name ("
        + all.stream().map(Processor::name).collect(Collectors.joining(", "))
        + "): payment data may only go to a declared processor. Set it to the policy's payment"
        + " processor, or declare the processor in the policy";
  }
}
