package dev.pledge.policy;

/**
 * A storage region.
 *
 * @param id short id ({@code us}, {@code eu}, {@code apac})
 * @param name display name
 * @param localised true when data of people from this region stays in it
 */
public record Region(String id, String name, boolean localised) {}
