/**
 * The incidents module: breach incidents (B-35, B-36) — who a breach affects, counted from the data
 * map; the policy's clocks with escalations; approved notices; the audit of every step; and the
 * public security page.
 */
package dev.pledge.server.incidents;
