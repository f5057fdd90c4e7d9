/**
 * The image studio's plans, credits and payments (B-04, B-07, B-20): plans from configuration, a
 * credit ledger that never overdraws, the plans and credits pages with a forecast of days left,
 * checkout at the payment processor (card data never reaches Pledge), the processor's signed
 * webhooks in Stripe's event format, invoices, and payment records kept under the policy's legal
 * hold. Its public API is what other studio modules use: {@link dev.pledge.server.billing.Plans}
 * ({@link dev.pledge.server.billing.Plan}) and {@link dev.pledge.server.billing.Credits} ({@link
 * dev.pledge.server.billing.CreditEntry}, {@link dev.pledge.server.billing.CreditKind}, {@link
 * dev.pledge.server.billing.InsufficientCredits}).
 */
package dev.pledge.server.billing;
