/**
 * The image studio's accounts: identity and sign-up with the policy's age rules, e-mail
 * verification, passwords (Argon2id), second factors (TOTP, recovery codes, passkeys) and step-up,
 * sessions that can be listed and revoked, profile and preferences, teams, the parent's page, and
 * the "your data" dashboard — the account channel of the engine's rights requests. Its public API
 * is small: {@link dev.pledge.server.accounts.CurrentAccount}, {@link
 * dev.pledge.server.accounts.StudioAccounts}, {@link dev.pledge.server.accounts.StepUp}, {@link
 * dev.pledge.server.accounts.TeamAccess}, {@link dev.pledge.server.accounts.AccountDataStore} and
 * the account events.
 */
package dev.pledge.server.accounts;
