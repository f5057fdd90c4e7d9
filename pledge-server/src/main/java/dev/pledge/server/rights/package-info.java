/**
 * The rights module: people's rights requests and every channel they arrive and are answered by —
 * the privacy center, the privacy mailbox, verification, notices, exports, erasures, restrictions
 * and objections, rectification — and the published policy that links to them.
 */
package dev.pledge.server.rights;
