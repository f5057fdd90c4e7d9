/**
 * Consent and cookies: the studio's cookie banner and preferences driven by the policy's cookie
 * inventory, consent receipts as proof of every choice, and Global Privacy Control honoured on the
 * server; {@code /.well-known/gpc.json} for every property. Public API: {@link
 * dev.pledge.server.consent.CookieInventory} and {@link dev.pledge.server.consent.GpcSignal}.
 */
package dev.pledge.server.consent;
