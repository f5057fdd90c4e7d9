package dev.pledge.server.rights;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Every identifier a request's person is found by in the stores: the account it names, else the
 * account its address signs in to, and the address itself (the mailbox and the requests find what
 * arrived by e-mail by the address). Without the account, a request by address erased or exported
 * nothing from the account's stores while the account stayed (B-27).
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
}
