/**
 * A few things every module shares — value types (property ids) and the one scrubber of e-mail
 * addresses and tokens in URLs and headers that analytics and the access log both apply.
 */
package dev.pledge.server.shared;
