/**
 * The privacy engine: the policies Pledge serves and enforces, which property a request belongs to,
 * and the published policy text. Retention, rights requests, consent and the audit chain grow here,
 * behind an SPI every module holding personal data implements.
 */
package dev.pledge.server.privacy;
