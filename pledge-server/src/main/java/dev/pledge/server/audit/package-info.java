/**
 * The audit module: the tamper-evident trail every module records its actions on personal data in
 * ({@link dev.pledge.server.audit.AuditTrail}), its signed checkpoints, keys, export and checks.
 */
package dev.pledge.server.audit;
