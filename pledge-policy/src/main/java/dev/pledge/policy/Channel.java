package dev.pledge.policy;

/**
 * A way to reach the property with a request.
 *
 * @param id short id referenced by rights
 * @param kind what sort of channel
 * @param title how the published policy names it
 * @param contact for e-mail channels: the contact role whose address receives it; else {@code null}
 * @param subject for e-mail channels: the subject line that starts a request automatically, or
 *     {@code null}
 * @param starts the request kind the subject line starts, or {@code null}
 * @param path for forms and dashboards: the path on the property, or {@code null}
 */
public record Channel(
    String id,
    Kind kind,
    String title,
    Contact.Role contact,
    String subject,
    Right.Kind starts,
    String path) {

  /** Kinds of channels. */
  public enum Kind {
    FORM("form"),
    EMAIL("email"),
    DASHBOARD("dashboard"),
    API("api"),
    SUPPORT("support"),
    LEGAL("legal");

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
