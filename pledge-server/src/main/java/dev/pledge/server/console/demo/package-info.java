/** The demo's mail server and the console page that shows every message it holds. */
package dev.pledge.server.console.demo;
