/**
 * The keys module: the master key that wraps every other key Pledge keeps ({@link
 * dev.pledge.server.keys.MasterKey}), and the owner-only files under {@code {data-dir}/keys/}.
 */
package dev.pledge.server.keys;
