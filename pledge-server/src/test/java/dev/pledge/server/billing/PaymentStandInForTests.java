package dev.pledge.server.billing;

/**
 * Marks the test classpath: with it present the payment stand-in runs ({@link PaymentMode}), as in
 * the demo. It exists only among the test sources, so no packaged server ever has it.
 */
final class PaymentStandInForTests {

  private PaymentStandInForTests() {}
}
