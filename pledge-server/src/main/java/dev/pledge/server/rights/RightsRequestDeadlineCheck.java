package dev.pledge.server.rights;

import dev.pledge.server.compliance.ComplianceCheck;
import dev.pledge.server.compliance.Violation;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/** {@code pledge verify}: every open rights request past its due date is a breach (A-21, B-32). */
@Component
class RightsRequestDeadlineCheck implements ComplianceCheck {

  private final RightsRequests requests;

  RightsRequestDeadlineCheck(RightsRequests requests) {
    this.requests = requests;
  }

  @Override
  public List<Violation> check(Instant now) {
    return requests.overdue(now).stream()
        .map(
            o ->
                new Violation(
                    Violation.Kind.REQUEST_OVERDUE,
                    o.property(),
                    "request " + o.reference(),
                    o.kind().key()
                        + " request, "
                        + o.status().key()
                        + ", was due "
                        + o.dueAt()
                        + ". Answer it now, and tell the requester why it is late."))
        .toList();
  }
}
