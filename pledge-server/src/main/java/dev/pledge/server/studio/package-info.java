/**
 * The image studio's shell, which every studio module builds on: the binding of the studio to its
 * property, {@link dev.pledge.server.studio.StudioController} controllers that answer only for the
 * studio's requests, the layout, style sheet and message bundles (English and 简体中文), the language
 * choice, a strict content-security policy, and a transactional mail outbox.
 */
package dev.pledge.server.studio;
