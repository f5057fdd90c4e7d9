package dev.pledge.server.accounts;

import java.util.Arrays;
import java.util.Optional;

/** What a member may do in a team (B-07). */
public enum TeamRole {
  /** Everything, including deleting the team and handing it over; exactly one per team. */
  OWNER("owner"),
  /** Invites and removes members, works on the team's projects. */
  ADMIN("admin"),
  /** Works on the team's projects, can leave. */
  MEMBER("member");

  private final String key;

  TeamRole(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Whether this role manages the team's membership. */
  public boolean manages() {
    return this != MEMBER;
  }

  public static Optional<TeamRole> ofKey(String key) {
    return Arrays.stream(values()).filter(r -> r.key.equals(key)).findFirst();
  }
}
