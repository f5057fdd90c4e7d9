/**
 * The image studio's images: uploads checked from their header and stripped of metadata at the
 * door, stored encrypted under the owner's key, edited by jobs that run in a bounded worker
 * process, kept as projects with versions and history, shared by link. Its public API is the
 * provider SPI other packages of this module and other modules plug into: {@link
 * dev.pledge.server.images.EditProvider} (with {@link dev.pledge.server.images.EditRequest}, {@link
 * dev.pledge.server.images.EditResult}, {@link dev.pledge.server.images.Progress}, {@link
 * dev.pledge.server.images.ProviderSettings}, {@link dev.pledge.server.images.EditRefused}, {@link
 * dev.pledge.server.images.EditFailed}) and {@link dev.pledge.server.images.ModerationCheck}; and
 * {@link dev.pledge.server.images.StudioImages}, the library and edit jobs by account id, for the
 * developer API.
 */
package dev.pledge.server.images;
