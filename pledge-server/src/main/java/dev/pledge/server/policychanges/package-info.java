/**
 * The policy-changes module: a new policy version with a material change is announced with the
 * policy's notice period (B-37, A-20) — e-mail to every studio user, the upcoming change shown, and
 * on the effective date an opt-in asked where the change needs consent; declines are kept.
 */
package dev.pledge.server.policychanges;
