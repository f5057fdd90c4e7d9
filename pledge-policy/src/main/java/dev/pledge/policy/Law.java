package dev.pledge.policy;

/**
 * A privacy law the property complies with, and the rights-request deadline it sets.
 *
 * @param id short id, for example {@code gdpr}, {@code ccpa}, {@code lgpd}
 * @param name full name
 * @param appliesTo who it protects, in plain language ("residents of the EU and the UK")
 * @param deadline the time to answer a rights request
 * @param businessDays true when the deadline counts business days only
 * @param extension how much longer the deadline may be extended with a reason, or {@code null}
 */
public record Law(
    String id,
    String name,
    String appliesTo,
    PolicyDuration deadline,
    boolean businessDays,
    PolicyDuration extension) {}
