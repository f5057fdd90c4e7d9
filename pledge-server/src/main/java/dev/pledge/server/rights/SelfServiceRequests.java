package dev.pledge.server.rights;

import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The entry point a signed-in account's dashboard calls (issue 6 intake, B-28): the person has
 * proved who they are by signing in and confirming a second factor recently, so the request opens
 * already verified — no e-mailed link. A second factor older than {@code
 * pledge.rights.recent-second-factor} (default 15 minutes) is refused with the reason, for the
 * dashboard to ask for it again.
 */
@Service
public class SelfServiceRequests {

  private final RightsRequests requests;
  private final PolicyCatalog catalog;
  private final TransactionTemplate tx;
  private final Duration window;

  SelfServiceRequests(
      RightsRequests requests,
      PolicyCatalog catalog,
      TransactionTemplate tx,
      @Value("${pledge.rights.recent-second-factor:PT15M}") Duration window) {
    this.requests = requests;
    this.catalog = catalog;
    this.tx = tx;
    this.window = window;
  }

  /** Refused because the second factor was not confirmed recently enough; ask for it again. */
  public static final class SecondFactorRequired extends RuntimeException {
    SecondFactorRequired(String message) {
      super(message);
    }
  }

  /** How recent a second factor must be. */
  public Duration window() {
    return window;
  }

  /**
   * Opens a request for account {@code subjectId}, verified by the second factor confirmed at
   * {@code secondFactorAt}.
   *
   * @param purpose for an objection, the purpose objected to; else {@code null}
   * @param lawId the account's law, or {@code null} when unknown (the strictest applies)
   * @throws SecondFactorRequired when no second factor was confirmed within the window before
   *     {@code now}
   * @throws IllegalArgumentException for an unknown property or law, a kind the property's policy
   *     does not grant, or a missing account id
   */
  public RightsRequest openVerifiedForAccount(
      String property,
      String subjectId,
      RightsRequestKind kind,
      ObjectionPurpose purpose,
      String lawId,
      Instant secondFactorAt,
      Instant now) {
    if (subjectId == null || subjectId.isBlank()) {
      throw new IllegalArgumentException("a self-service request needs the signed-in account's id");
    }
    ServedProperty p =
        catalog
            .byId(property)
            .orElseThrow(() -> new IllegalArgumentException("unknown property '" + property + "'"));
    List<RightsRequestKind> granted = RequestForm.kinds(p.policy());
    if (!granted.contains(kind)) {
      throw new IllegalArgumentException(
          "the policy of "
              + property
              + " grants no "
              + kind.key()
              + " right; it grants: "
              + granted.stream().map(RightsRequestKind::key).toList());
    }
    if (secondFactorAt == null) {
      throw new SecondFactorRequired(
          "confirm your second factor first: a request made from the account must follow a"
              + " recent confirmation");
    }
    if (secondFactorAt.isAfter(now)) {
      throw new SecondFactorRequired(
          "the second factor's confirmation time is in the future; confirm it again");
    }
    Duration age = Duration.between(secondFactorAt, now);
    if (age.compareTo(window) > 0) {
      throw new SecondFactorRequired(
          "your second factor was confirmed "
              + age.toMinutes()
              + " minutes ago; requests need one confirmed within the last "
              + window.toMinutes()
              + " minutes, so confirm it again");
    }
    NewRightsRequest request =
        new NewRightsRequest(
            property, kind, purpose, RequestChannel.ACCOUNT, null, null, subjectId, lawId, false);
    return tx.execute(
        t -> {
          RightsRequest opened = requests.open(request, now, "account");
          return requests.changeStatus(
              opened.reference(),
              RightsRequestStatus.VERIFIED,
              "signed in, second factor confirmed " + age.toMinutes() + " minutes before",
              "account");
        });
  }
}
