package dev.pledge.server.rights;

import java.util.Objects;

/**
 * A rights request as it arrives, before it has a reference and a deadline.
 *
 * @param property the property id
 * @param kind what is asked for
 * @param purpose for objections: the purpose objected to (required), else {@code null}
 * @param channel how it arrived
 * @param channelId the policy's channel id, or {@code null}
 * @param requesterAddress the e-mail address to answer, or {@code null}
 * @param subjectId a subject reference such as an account id, or {@code null}
 * @param lawId the requester's law, or {@code null} when unknown
 * @param urgent marked urgent (the policy's urgent response time then applies)
 */
public record NewRightsRequest(
    String property,
    RightsRequestKind kind,
    ObjectionPurpose purpose,
    RequestChannel channel,
    String channelId,
    String requesterAddress,
    String subjectId,
    String lawId,
    boolean urgent) {

  public NewRightsRequest {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(channel, "channel");
    if (kind == RightsRequestKind.OBJECTION && purpose == null) {
      throw new IllegalArgumentException(
          "an objection names the purpose objected to: analytics, marketing or model-training");
    }
    if (kind != RightsRequestKind.OBJECTION && purpose != null) {
      throw new IllegalArgumentException("only an objection names a purpose, not " + kind.key());
    }
  }

  @Override
  public String toString() {
    return "NewRightsRequest[" + property + " " + kind.key() + " via " + channel.key() + "]";
  }
}
