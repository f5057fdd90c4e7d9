/**
 * The compliance module: {@code pledge verify} ({@link
 * dev.pledge.server.compliance.ComplianceVerifier}) — the live stores checked against the policies,
 * plus the checks other modules register ({@link dev.pledge.server.compliance.ComplianceCheck}).
 */
package dev.pledge.server.compliance;
