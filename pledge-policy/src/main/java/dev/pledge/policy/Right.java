package dev.pledge.policy;

import java.util.List;

/**
 * A right the property offers, under which laws, over what data, and through which channels.
 *
 * @param kind the right
 * @param laws ids of the declared laws that grant it (empty: offered to everyone)
 * @param scope which data it practically covers, in plain language, or {@code null}
 * @param channels ids of the declared channels through which it can be exercised
 */
public record Right(Kind kind, List<String> laws, String scope, List<String> channels) {

  public Right {
    laws = List.copyOf(laws);
    channels = List.copyOf(channels);
  }

  /** Kinds of rights requests; also the request kinds the engine handles. */
  public enum Kind {
    ACCESS("access"),
    KNOW("know"),
    PORTABILITY("portability"),
    RECTIFICATION("rectification"),
    ERASURE("erasure"),
    RESTRICTION("restriction"),
    OBJECTION("objection"),
    OPT_OUT_OF_SALE("opt-out-of-sale"),
    WITHDRAW_CONSENT("withdraw-consent");

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
