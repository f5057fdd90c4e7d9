/**
 * The operator's web console: operator accounts and sign-in, the list of served properties, and the
 * analytics dashboard with its CSV exports. It only reads other modules' public APIs.
 */
package dev.pledge.server.console;
