package dev.pledge.server.rights;

import java.util.Optional;

/** Confirms a request's address for tests, as the link of the acknowledgement would. */
final class Confirmations {

  private Confirmations() {}

  /**
   * Issues a verification token for the request and spends it. The acknowledgement, sent by the
   * scheduled notice job whenever it runs, issues a token of its own and so replaces one issued
   * here just before; it is sent once, so the next token stands. Empty when the request cannot be
   * confirmed (not awaiting verification, or another property's).
   */
  static Optional<RightsRequest> confirm(
      RightsRequests requests, String property, String reference) {
    for (int attempt = 1; ; attempt++) {
      Optional<String> token = requests.issueVerificationToken(reference);
      if (token.isEmpty()) {
        return Optional.empty();
      }
      Optional<RightsRequest> confirmed = requests.verify(property, token.get());
      if (confirmed.isPresent() || attempt == 3) {
        return confirmed;
      }
    }
  }
}
