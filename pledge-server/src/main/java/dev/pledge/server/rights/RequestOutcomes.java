package dev.pledge.server.rights;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an operator decides about a request, with its consequences in the same transaction: an
 * extension or a closing queues the requester's notice (so it is sent exactly when the decision
 * committed), and a request cannot be completed while a manual step is open or its erasure runs.
 */
@Service
public class RequestOutcomes {

  private final RightsRequests requests;
  private final RequestNotices notices;
  private final RequestChecklist checklist;
  private final ErasureState erasures;
  private final TransactionTemplate tx;

  RequestOutcomes(
      RightsRequests requests,
      RequestNotices notices,
      RequestChecklist checklist,
      ErasureState erasures,
      TransactionTemplate tx) {
    this.requests = requests;
    this.notices = notices;
    this.checklist = checklist;
    this.erasures = erasures;
    this.tx = tx;
  }

  /** Whether the requester gets notices: the request's address was confirmed through the link. */
  public boolean notifiesRequester(String reference) {
    return notices.confirmedAddress(reference);
  }

  /**
   * Extends the deadline (see {@link RightsRequests#extend}) and tells the requester the new date
   * and the reason.
   */
  public RightsRequest extend(String reference, String reason, String actor) {
    return tx.execute(
        t -> {
          RightsRequest r = requests.extend(reference, reason, actor);
          notices.extended(r);
          return r;
        });
  }

  /**
   * Moves the request on (see {@link RightsRequests#changeStatus}); a completion or rejection is
   * told to the requester, a rejection with {@code note} as its reason.
   *
   * @throws IllegalStateException when completing with a manual step open or an erasure running
   */
  public RightsRequest changeStatus(
      String reference, RightsRequestStatus to, String note, String actor) {
    return tx.execute(
        t -> {
          if (to == RightsRequestStatus.COMPLETED) {
            if (erasures.running(reference)) {
              throw new IllegalStateException(
                  "The erasure of request "
                      + reference
                      + " is still running: it completes the request itself when it is done.");
            }
            long open = checklist.open(reference);
            if (open > 0) {
              throw new IllegalStateException(
                  open
                      + " manual step(s) of request "
                      + reference
                      + " are still open: mark each done with its evidence before completing"
                      + " the request.");
            }
          }
          RightsRequest r = requests.changeStatus(reference, to, note, actor);
          if (r.status().closed()) {
            notices.closed(r, note);
          }
          return r;
        });
  }
}
