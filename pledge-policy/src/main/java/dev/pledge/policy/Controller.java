package dev.pledge.policy;

/**
 * Who is responsible for the data (the GDPR controller).
 *
 * @param name legal or team name
 * @param postalAddress postal address, or {@code null}
 * @param email general contact address, or {@code null}
 */
public record Controller(String name, String postalAddress, String email) {}
