package dev.pledge.server.rights;

import java.time.Instant;

/**
 * One rights request as stored.
 *
 * @param reference the public reference, {@code R-XXXX-XXXX}; random, so it reveals nothing
 * @param property the property id
 * @param kind what is asked for
 * @param purpose for objections: the purpose objected to, else {@code null}
 * @param channel how it arrived
 * @param channelId the policy's channel id it came through, or {@code null}
 * @param requesterAddress the address to answer — personal data, never logged
 * @param subjectId a subject reference (an account id), or {@code null}
 * @param lawId the requester's law, or {@code null} when unknown (the strictest applied)
 * @param urgent marked urgent
 * @param status where it stands
 * @param receivedAt when it arrived
 * @param dueAt when it must be answered, or {@code null} when nothing promises a time
 * @param dueBasis which rule set the due date
 * @param extensionReason the reason given for an extension, or {@code null} when not extended
 * @param acknowledgedAt when the acknowledgement was sent, or {@code null}
 * @param closedAt when it was completed, rejected or expired, or {@code null}
 */
public record RightsRequest(
    String reference,
    String property,
    RightsRequestKind kind,
    ObjectionPurpose purpose,
    RequestChannel channel,
    String channelId,
    String requesterAddress,
    String subjectId,
    String lawId,
    boolean urgent,
    RightsRequestStatus status,
    Instant receivedAt,
    Instant dueAt,
    String dueBasis,
    String extensionReason,
    Instant acknowledgedAt,
    Instant closedAt) {

  public boolean extended() {
    return extensionReason != null;
  }

  /** Without the requester's address, so that logging a request never logs personal data. */
  @Override
  public String toString() {
    return "RightsRequest["
        + reference
        + " "
        + property
        + " "
        + kind.key()
        + " "
        + status.key()
        + " due "
        + dueAt
        + "]";
  }
}
