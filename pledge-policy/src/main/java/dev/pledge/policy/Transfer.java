package dev.pledge.policy;

/**
 * An international transfer the property makes, with its safeguard.
 *
 * @param from id of the region data leaves
 * @param to id of the region data goes to
 * @param safeguard the mechanism that makes it lawful
 * @param purpose why the transfer happens
 */
public record Transfer(String from, String to, Safeguard safeguard, String purpose) {}
