package dev.pledge.policy;

/** The legal mechanisms that make an international transfer lawful (GDPR Chapter V). */
public enum Safeguard {
  ADEQUACY("adequacy"),
  SCC("scc"),
  BCR("bcr"),
  CERTIFICATION("certification"),
  CONSENT("consent");

  private final String key;

  Safeguard(String key) {
    this.key = key;
  }

  /** The spelling used in policy files. */
  public String key() {
    return key;
  }
}
