package dev.pledge.policy;

import java.util.List;

/**
 * The service a policy governs.
 *
 * @param id short id used in paths and the CLI ({@code reference-site})
 * @param name display name
 * @param kind what sort of service
 * @param domains the host names the property answers on; the first is canonical
 * @param scope what the policy applies to, in one sentence
 * @param notCovered services the policy explicitly does not govern
 */
public record Property(
    String id,
    String name,
    Kind kind,
    List<String> domains,
    String scope,
    List<String> notCovered) {

  public Property {
    domains = List.copyOf(domains);
    notCovered = List.copyOf(notCovered);
  }

  /** The kinds of property Pledge knows how to run. */
  public enum Kind {
    STATIC_SITE("static-site"),
    SERVICE("service");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
      return key;
    }
  }
}
