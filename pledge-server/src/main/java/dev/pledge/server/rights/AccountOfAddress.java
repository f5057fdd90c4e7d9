package dev.pledge.server.rights;

import java.util.Optional;

/**
 * How a request that names only an e-mail address (the e-mail intake, the public form, the console
 * API) reaches the account that address signs in to. A module whose property has accounts
 * implements it; the rights module cannot know their tables. Erasure and export then go through the
 * account's stores too, which find the person by account id only (B-27). The address was proved by
 * the request's verification link, and whoever holds the address can reset the account's password
 * with it, so the account is theirs.
 */
public interface AccountOfAddress {

  /**
   * The id of the account of {@code property} whose address is {@code address} (any letter case,
   * any status — a deleted account still holds data until it is erased), or empty when there is
   * none or the property has no accounts.
   */
  Optional<String> accountOf(String property, String address);
}
