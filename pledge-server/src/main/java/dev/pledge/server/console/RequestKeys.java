package dev.pledge.server.console;

import dev.pledge.server.rights.ObjectionPurpose;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the stored spellings of the request enums ("authority-disclosure", "in-progress") through
 * their public {@code key()}, the only part of them the rights module publishes.
 */
final class RequestKeys {

  private RequestKeys() {}

  static Optional<RightsRequestKind> kind(String key) {
    return find(RightsRequestKind.values(), RightsRequestKind::key, key);
  }

  static Optional<RightsRequestStatus> status(String key) {
    return find(RightsRequestStatus.values(), RightsRequestStatus::key, key);
  }

  static Optional<RequestChannel> channel(String key) {
    return find(RequestChannel.values(), RequestChannel::key, key);
  }

  static Optional<ObjectionPurpose> purpose(String key) {
    return find(ObjectionPurpose.values(), ObjectionPurpose::key, key);
  }

  private static <T> Optional<T> find(T[] values, Function<T, String> key, String wanted) {
    return wanted == null
        ? Optional.empty()
        : Arrays.stream(values).filter(v -> key.apply(v).equals(wanted.strip())).findFirst();
  }
}
