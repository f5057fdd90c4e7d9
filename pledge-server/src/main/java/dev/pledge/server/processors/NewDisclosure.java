package dev.pledge.server.processors;

import java.util.List;

/**
 * A disclosure to an authority as the operator typed it, every field still text: {@link
 * AuthorityDisclosures#record} checks each and says what to fix.
 */
record NewDisclosure(
    String property,
    String authority,
    String receivedOn,
    String disclosedOn,
    String basisType,
    String basisReference,
    List<String> categories,
    String people,
    String peopleTold,
    String note) {}
