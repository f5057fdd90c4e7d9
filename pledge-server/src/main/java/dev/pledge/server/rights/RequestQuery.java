package dev.pledge.server.rights;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which requests to list, for the console's queue and its API ({@link RightsRequests#search}).
 * Every part is optional; {@code null} means any.
 *
 * @param property the property id
 * @param kind what is asked for
 * @param statuses the statuses wanted; empty means any
 * @param channel how it arrived
 * @param dueFrom only open requests due at or after this moment
 * @param dueBefore only open requests due before this moment
 * @param reference part of the reference, in any case, with or without {@code R-}
 * @param requesterAddress the requester's address, matched whole and in any letter case
 */
public record RequestQuery(
    String property,
    RightsRequestKind kind,
    Set<RightsRequestStatus> statuses,
    RequestChannel channel,
    Instant dueFrom,
    Instant dueBefore,
    String reference,
    String requesterAddress) {

  public RequestQuery {
    statuses = statuses == null || statuses.isEmpty() ? Set.of() : Set.copyOf(statuses);
  }

  /** Every request. */
  public static RequestQuery any() {
    return new RequestQuery(null, null, Set.of(), null, null, null, null, null);
  }

  /** The statuses of requests still owed an answer. */
  public static Set<RightsRequestStatus> open() {
    EnumSet<RightsRequestStatus> open = EnumSet.noneOf(RightsRequestStatus.class);
    for (RightsRequestStatus s : RightsRequestStatus.values()) {
      if (!s.closed()) {
        open.add(s);
      }
    }
    return open;
  }

  /** The statuses of requests nothing more is owed to. */
  public static Set<RightsRequestStatus> closed() {
    return EnumSet.complementOf(EnumSet.copyOf(open()));
  }

  public RequestQuery withProperty(String value) {
    return new RequestQuery(
        value, kind, statuses, channel, dueFrom, dueBefore, reference, requesterAddress);
  }

  public RequestQuery withKind(RightsRequestKind value) {
    return new RequestQuery(
        property, value, statuses, channel, dueFrom, dueBefore, reference, requesterAddress);
  }

  public RequestQuery withStatuses(Set<RightsRequestStatus> value) {
    return new RequestQuery(
        property, kind, value, channel, dueFrom, dueBefore, reference, requesterAddress);
  }

  public RequestQuery withChannel(RequestChannel value) {
    return new RequestQuery(
        property, kind, statuses, value, dueFrom, dueBefore, reference, requesterAddress);
  }

  /** Open requests due in {@code [from, before)}; either end may be null. */
  public RequestQuery withDue(Instant from, Instant before) {
    return new RequestQuery(
        property, kind, statuses, channel, from, before, reference, requesterAddress);
  }

  public RequestQuery withReference(String value) {
    return new RequestQuery(
        property, kind, statuses, channel, dueFrom, dueBefore, value, requesterAddress);
  }

  public RequestQuery withRequesterAddress(String value) {
    return new RequestQuery(
        property, kind, statuses, channel, dueFrom, dueBefore, reference, value);
  }

  /** Without the parts the weekly chart does not follow: status, due date and search. */
  public RequestQuery forChart() {
    return new RequestQuery(property, kind, Set.of(), channel, null, null, null, null);
  }

  /** Without the requester's address, so that logging a query never logs personal data. */
  @Override
  public String toString() {
    return "RequestQuery["
        + property
        + " "
        + kind
        + " "
        + statuses
        + " "
        + channel
        + " due "
        + dueFrom
        + ".."
        + dueBefore
        + (reference == null ? "" : " ref " + reference)
        + (requesterAddress == null ? "" : " by address")
        + "]";
  }
}
