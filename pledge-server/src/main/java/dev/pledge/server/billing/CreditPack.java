package dev.pledge.server.billing;

/**
 * A pack of credits a person may buy on top of their plan's ({@code pledge.studio.credit-packs}).
 */
record CreditPack(String id, long credits, long priceCents, String currency) {}
