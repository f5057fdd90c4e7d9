package dev.pledge.server.processors;

/**
 * The gate's refusal: nothing was sent. The message says what was refused, why, and how to fix it;
 * it names the processor, categories and regions, never a person.
 */
public final class ProcessorRefused extends IllegalStateException {

  /** Why the sending was refused. */
  public enum Reason {
    /** The policy lists no processor of that name receiving every category sent. */
    UNDECLARED,
    /** The processor works in another region and the policy declares no transfer there. */
    REGION,
    /** The only declared transfer rests on consent, and the person did not give it. */
    CONSENT,
    /**
     * The only declared transfer rests on consent and came with a policy change the person has not
     * agreed to: the terms before it, which still apply to them, do not allow it (B-37).
     */
    NOT_AGREED
  }

  private final Reason reason;
  private final String processor;
  private final String region;

  ProcessorRefused(Reason reason, String processor, String region, String message) {
    super(message);
    this.reason = reason;
    this.processor = processor;
    this.region = region;
  }

  public Reason reason() {
    return reason;
  }

  public String processor() {
    return processor;
  }

  /** The processor's region, where the refusal is about one (else null). */
  public String region() {
    return region;
  }
}
