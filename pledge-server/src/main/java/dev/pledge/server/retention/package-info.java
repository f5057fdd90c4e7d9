/**
 * The retention module: the SPI every module holding personal data implements ({@link
 * dev.pledge.server.retention.RetentionStore} and its erasure, export and rectification parts), and
 * the engine that binds those stores to the policy's categories, sweeps what is due, and erases or
 * exports one person across all of them.
 */
package dev.pledge.server.retention;
