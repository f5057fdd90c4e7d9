package dev.pledge.server.policy;

import dev.pledge.policy.Policy;
import dev.pledge.server.shared.PropertyId;
import java.util.List;

/**
 * A property Pledge serves, with the policy that governs it.
 *
 * @param id the property id
 * @param policy the loaded, valid policy
 * @param source where the policy was loaded from (file path or classpath location)
 * @param sha256 hash of the policy file's bytes, to tell versions apart
 */
public record ServedProperty(PropertyId id, Policy policy, String source, String sha256) {

  public String name() {
    return policy.property().name();
  }

  public List<String> domains() {
    return policy.property().domains();
  }

  /** The path prefix under which the property answers on any host: {@code /p/{id}}. */
  public String pathPrefix() {
    return "/p/" + id.value();
  }

  /** The loopback host name under which the property answers locally: {@code {id}.localhost}. */
  public String localHost() {
    return id.value() + ".localhost";
  }
}
