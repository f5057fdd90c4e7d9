/**
 * The access-log module: anonymises web-server access logs at the door, so that a log written to
 * storage holds URL, status, referrer, user agent and a truncated or keyed-hashed address only.
 */
package dev.pledge.server.accesslog;
