package dev.pledge.server.rights;

import java.util.Optional;

/**
 * How a request that names only an e-mail address (the e-mail intake, the public form, the console
 * API) reaches the account that address signs in to. A module whose property has accounts
 * implements it; the rights module cannot know their tables. Erasure, export and correction then go
 * through the account's stores too, which find the person by account id only, and a restriction,
 * objection or opt-out is recorded under the account, which the module's checks ask about (B-27).
 * The address was proved by the request's verification link, and whoever holds the address can
 * reset the account's password with it, so the account is theirs. An objection or an opt-out is
 * honoured unverified (it only stops things being done to the person), so it reaches the account
 * unverified too, as it reached the address before.
 */
public interface AccountOfAddress {

  /**
   * The id of the account of {@code property} whose address is {@code address} (any letter case,
   * any status — a deleted account still holds data until it is erased), or empty when there is
   * none or the property has no accounts.
   */
  Optional<String> accountOf(String property, String address);

  /**
   * The storage region ({@code us}, {@code eu}, {@code apac}) whose store holds the personal files
   * of {@code subject} of {@code property} (B-23), or empty when the subject is no account of this
   * module or its data is not tied to a region: an export for them goes where their other files go.
   */
  default Optional<String> regionOf(String property, String subject) {
    return Optional.empty();
  }
}
