package dev.pledge.policy;

/** The GDPR Art. 6(1) lawful bases, as spelled in policy files. */
public enum LegalBasis {
  CONSENT("consent"),
  CONTRACT("contract"),
  LEGAL_OBLIGATION("legal-obligation"),
  VITAL_INTERESTS("vital-interests"),
  PUBLIC_TASK("public-task"),
  LEGITIMATE_INTERESTS("legitimate-interests");

  private final String key;

  LegalBasis(String key) {
    this.key = key;
  }

  /** The spelling used in policy files. */
  /** The basis as the published policy words it: "Legitimate interests (GDPR Art. 6(1)(f))". */
  public String inWords() {
    return PlainWords.legalBasis(this);
  }

  public String key() {
    return key;
  }
}
