package dev.pledge.policy;

/**
 * Why data is processed.
 *
 * @param id dotted key, for example {@code operations.debugging}
 * @param title short name shown in the published policy
 * @param description plain-language description
 * @param objectable true when a person may object to this purpose (analytics, marketing, model
 *     training); a rights request of kind objection names these ids
 */
public record Purpose(String id, String title, String description, boolean objectable) {}
