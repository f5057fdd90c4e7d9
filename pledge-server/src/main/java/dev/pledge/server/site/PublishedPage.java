package dev.pledge.server.site;

import java.time.LocalDate;

/**
 * A page of a static site as other modules may see it: for the editors' question "which popular
 * pages need updating".
 *
 * @param path the clean URL within the property, as analytics records it ({@code /formats/png})
 * @param title the page title
 * @param updated the front matter's {@code updated} date, or null when the page does not say
 */
public record PublishedPage(String path, String title, LocalDate updated) {}
