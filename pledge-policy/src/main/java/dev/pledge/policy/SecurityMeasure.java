package dev.pledge.policy;

/**
 * A security commitment, published with an honest statement of its scope.
 *
 * @param id short id ({@code encryption-at-rest}, {@code mfa})
 * @param title display name
 * @param description what is done, and where it stops
 */
public record SecurityMeasure(String id, String title, String description) {}
