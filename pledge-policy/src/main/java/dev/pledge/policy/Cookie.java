package dev.pledge.policy;

/**
 * A cookie or storage entry the property may set.
 *
 * @param name the cookie name
 * @param category id of its cookie category
 * @param purpose why it is set
 * @param lifetime how long it lives; {@code null} means it ends with the browser session
 * @param firstParty true when set by the property's own domain
 */
public record Cookie(
    String name, String category, String purpose, PolicyDuration lifetime, boolean firstParty) {}
