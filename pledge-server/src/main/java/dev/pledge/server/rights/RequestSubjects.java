package dev.pledge.server.rights;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Every identifier a request's person is found by in the stores: the account it names, else the
 * account its address signs in to, and the address itself (the mailbox and the requests find what
 * arrived by e-mail by the address). Without the account, a request by address erased, exported or
 * corrected nothing in the account's stores while the account stayed, and a restriction or an
 * objection by address was never seen by the checks that ask by account id (B-27).
 */
@Component
class RequestSubjects {

  private final List<AccountOfAddress> accounts;

  RequestSubjects(List<AccountOfAddress> accounts) {
    this.accounts = accounts;
  }

  List<String> of(RightsRequest r) {
    String account = r.subjectId() != null ? r.subjectId() : accountOf(r).orElse(null);
    return Stream.of(account, r.requesterAddress()).filter(Objects::nonNull).distinct().toList();
  }

  /**
   * The one identifier a request's person is recorded under: the account it names, else the account
   * its address signs in to, else the address; null when it names neither. A restriction or an
   * objection is stored under it, so the account's own checks (by account id) see one asked for by
   * address (B-27).
   */
  String primary(RightsRequest r) {
    if (r.subjectId() != null && !r.subjectId().isBlank()) {
      return r.subjectId();
    }
    if (r.requesterAddress() == null || r.requesterAddress().isBlank()) {
      return null;
    }
    return accountOf(r).orElse(r.requesterAddress());
  }

  /** The account the request's address belongs to, when it names no account itself. */
  Optional<String> accountOf(RightsRequest r) {
    if (r.subjectId() != null || r.requesterAddress() == null) {
      return Optional.empty();
    }
    return accounts.stream()
        .map(a -> a.accountOf(r.property(), r.requesterAddress().strip()))
        .flatMap(Optional::stream)
        .findFirst();
  }

  /** The storage region of {@code subject}'s files (B-23), or null for the default store. */
  String regionOf(String property, String subject) {
    return accounts.stream()
        .map(a -> a.regionOf(property, subject))
        .flatMap(Optional::stream)
        .findFirst()
        .orElse(null);
  }
}
