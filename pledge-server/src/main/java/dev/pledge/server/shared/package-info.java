/** A few value types every module shares (property ids, subject ids, the clock) — nothing else. */
package dev.pledge.server.shared;
