/**
 * The image studio's developer API: API keys (hashed, scoped, shown once), the REST API under
 * {@code /api/v1} with its OpenAPI document, rate limits per plan, signed webhooks and usage data.
 */
package dev.pledge.server.devapi;
