package dev.pledge.server.support;

import dev.pledge.policy.Channel;
import dev.pledge.policy.Right;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.ObjectionPurpose;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.studio.Studio;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A privacy request raised in a ticket, turned into a rights request with one click (B-29): opened
 * through the engine as the policy's support channel, for the account that opened the ticket, and
 * verified at once — the person wrote from inside their signed-in account (or from its verified
 * address, with the ticket's reply key), which is the proof of identity the dashboard relies on
 * too. The ticket keeps the request's reference, and its page shows it to the person.
 */
@Component
class TicketRightsRequests {

  private static final Logger log = LoggerFactory.getLogger(TicketRightsRequests.class);

  /**
   * One choice of the console's "turn into a rights request": a kind, and for objections what to.
   */
  record Choice(String value, RightsRequestKind kind, ObjectionPurpose purpose) {}

  private final Studio studio;
  private final StudioAccounts accounts;
  private final RightsRequests requests;
  private final Tickets tickets;
  private final TransactionTemplate tx;

  TicketRightsRequests(
      Studio studio,
      StudioAccounts accounts,
      RightsRequests requests,
      Tickets tickets,
      TransactionTemplate tx) {
    this.studio = studio;
    this.accounts = accounts;
    this.requests = requests;
    this.tickets = tickets;
    this.tx = tx;
  }

  /** The policy's support channel ({@code kind: support}), if it declares one. */
  Optional<Channel> channel() {
    return studio.policy().channels().stream()
        .filter(c -> c.kind() == Channel.Kind.SUPPORT)
        .findFirst();
  }

  /** The kinds the policy lets people exercise through support, objections per purpose. */
  List<Choice> choices() {
    Optional<Channel> support = channel();
    if (support.isEmpty()) {
      return List.of();
    }
    Set<RightsRequestKind> kinds = new LinkedHashSet<>();
    for (Right r : studio.policy().rights()) {
      if (r.channels().contains(support.get().id())) {
        RightsRequestKind.of(r.kind()).ifPresent(kinds::add);
      }
    }
    List<Choice> out = new ArrayList<>();
    for (RightsRequestKind k : kinds) {
      if (k == RightsRequestKind.OBJECTION) {
        for (ObjectionPurpose p : ObjectionPurpose.values()) {
          out.add(new Choice(k.key() + ":" + p.key(), k, p));
        }
      } else {
        out.add(new Choice(k.key(), k, null));
      }
    }
    return out;
  }

  /**
   * Opens the request {@code choice} (a {@link Choice#value}) for the ticket's account, verified,
   * and links it to the ticket.
   *
   * @throws IllegalArgumentException for a choice the policy does not offer through support
   * @throws IllegalStateException when the ticket's account is gone
   */
  RightsRequest open(Ticket ticket, String choice, String operator) {
    Choice c =
        choices().stream()
            .filter(x -> x.value().equals(choice))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "choose one of "
                            + choices().stream().map(Choice::value).toList()
                            + "; the policy offers no other right through its support channel"));
    StudioAccount a =
        accounts
            .byId(ticket.accountId())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the account that opened "
                            + ticket.id()
                            + " no longer exists: there is nobody to open a request for"));
    String actor = "operator:" + operator;
    RightsRequest opened =
        tx.execute(
            t -> {
              RightsRequest r =
                  requests.open(
                      new NewRightsRequest(
                          studio.id(),
                          c.kind(),
                          c.purpose(),
                          RequestChannel.SUPPORT,
                          channel().orElseThrow().id(),
                          null,
                          a.id(),
                          a.lawId(),
                          false),
                      actor);
              r =
                  requests.changeStatus(
                      r.reference(),
                      RightsRequestStatus.VERIFIED,
                      "raised in support ticket "
                          + ticket.id()
                          + " by the studio account that opened it (signed in, or from its"
                          + " verified address)",
                      actor);
              tickets.linkRequest(ticket.id(), r.reference());
              return r;
            });
    log.info("Support ticket {} became rights request {}", ticket.id(), opened.reference());
    return opened;
  }
}
