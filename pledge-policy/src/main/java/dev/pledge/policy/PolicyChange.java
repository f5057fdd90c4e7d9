package dev.pledge.policy;

import java.time.LocalDate;

/**
 * One entry of the policy's change log.
 *
 * @param effective the date the change takes effect
 * @param material true when the change is material (new category or purpose, longer retention, new
 *     processor or region); material changes are announced at the top of the published policy
 * @param summary plain-language summary of the change
 */
public record PolicyChange(LocalDate effective, boolean material, String summary) {}
