package dev.pledge.policy;

/**
 * A published contact point. Every contact reaches a tracked queue in Pledge.
 *
 * @param role which contact this is
 * @param name who answers, or {@code null}
 * @param email the e-mail address
 * @param url a web address (support portal, form), or {@code null}
 * @param phone a phone number, or {@code null}
 * @param postalAddress a postal address, or {@code null}
 */
public record Contact(
    Role role, String name, String email, String url, String phone, String postalAddress) {

  /** The contact roles a policy may declare. */
  public enum Role {
    PRIVACY("privacy"),
    DPO("dpo"),
    LEGAL("legal"),
    COMPLIANCE("compliance"),
    EDITORIAL("editorial"),
    SUPPORT("support"),
    SECURITY("security");

    private final String key;

    Role(String key) {
      this.key = key;
    }

    /** The spelling used in policy files. */
    public String key() {
      return key;
    }
  }
}
