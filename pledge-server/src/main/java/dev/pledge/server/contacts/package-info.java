/**
 * The contacts module (B-39): which tracked queue each contact the policies publish reaches, with
 * the policy's response clocks and that queue's open items and next due time, on the console.
 */
package dev.pledge.server.contacts;
