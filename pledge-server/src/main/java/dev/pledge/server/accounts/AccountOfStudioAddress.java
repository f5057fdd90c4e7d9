package dev.pledge.server.accounts;

import dev.pledge.server.rights.AccountOfAddress;
import dev.pledge.server.studio.Studio;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The studio account a rights request's address signs in to, so that an erasure or an export asked
 * for by e-mail, the public form or the console reaches the account's stores (B-27). Any status: an
 * account deleted by its owner still holds data until it is erased.
 */
@Component
class AccountOfStudioAddress implements AccountOfAddress {

  private final JdbcClient jdbc;
  private final Studio studio;

  AccountOfStudioAddress(JdbcClient jdbc, Studio studio) {
    this.jdbc = jdbc;
    this.studio = studio;
  }

  @Override
  public Optional<String> accountOf(String property, String address) {
    if (!studio.id().equals(property) || address == null || address.isBlank()) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select account_id from studio_account where property_id = :p"
                + " and lower(email) = lower(:e)")
        .param("p", property)
        .param("e", address.strip())
        .query(String.class)
        .optional();
  }

  @Override
  public Optional<String> regionOf(String property, String subject) {
    if (!studio.id().equals(property) || subject == null) {
      return Optional.empty();
    }
    return jdbc.sql(
            "select region from studio_account where property_id = :p and account_id = :a"
                + " and region is not null")
        .param("p", property)
        .param("a", subject)
        .query(String.class)
        .optional();
  }
}
