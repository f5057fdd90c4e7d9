package dev.pledge.server.billing;

import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.processors.ProcessorRefused;
import dev.pledge.server.studio.Studio;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Payment data on its way to the payment processor (B-25): through the {@link ProcessorGate}, which
 * checks the configured processor is declared with the categories sent and counts the sending per
 * category; checked at start-up too (the configured processor must be in the policy with the
 * payment records). Every sending and every event received is also counted per day and purpose in
 * {@code billing_processor_transfer}.
 */
@Component
class PaymentProcessorGate {

  static final String SENT = "sent";
  static final String RECEIVED = "received";

  private final Studio studio;
  private final String name;
  private final JdbcClient jdbc;
  private final Clock clock;
  private final ProcessorGate gate;

  PaymentProcessorGate(
      BillingSettings settings, Studio studio, JdbcClient jdbc, Clock clock, ProcessorGate gate) {
    this.studio = studio;
    this.name = settings.processor();
    this.jdbc = jdbc;
    this.clock = clock;
    this.gate = gate;
    gate.requireDeclared(
        "pledge.studio.billing.processor", studio.id(), name, List.of(BillingStores.PAYMENTS));
  }

  /** The processor's name, as the policy lists it. */
  String name() {
    return name;
  }

  /**
   * Records that data of {@code categories} is about to go to the processor for {@code purpose};
   * refuses (nothing is sent) when the policy does not declare the processor receives them.
   *
   * @throws ProcessorRefused then
   */
  void sending(String purpose, String... categories) {
    gate.send(studio.id(), name, categories);
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
}
