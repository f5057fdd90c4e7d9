/**
 * The policy module: the policies this server serves and enforces ({@link
 * dev.pledge.server.policy.PolicyCatalog}), and which property a request belongs to.
 */
package dev.pledge.server.policy;
