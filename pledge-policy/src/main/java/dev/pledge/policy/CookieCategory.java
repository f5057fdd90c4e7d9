package dev.pledge.policy;

/**
 * A category of cookies, the unit of consent.
 *
 * @param id short id ({@code essential}, {@code performance}, {@code preference}, {@code security},
 *     {@code marketing})
 * @param title display name
 * @param description what cookies of this category do
 * @param consentRequired false only for strictly necessary categories
 */
public record CookieCategory(
    String id, String title, String description, boolean consentRequired) {}
