/**
 * The backup module: {@code pledge backup} — a consistent copy of the database, the keys directory
 * and the blob store, with a manifest of row counts and checksums written last.
 */
package dev.pledge.server.backup;
