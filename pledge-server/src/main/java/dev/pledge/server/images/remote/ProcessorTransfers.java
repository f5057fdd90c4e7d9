package dev.pledge.server.images.remote;

import dev.pledge.policy.Policy;
import dev.pledge.policy.Processor;
import dev.pledge.policy.Transfer;
import dev.pledge.server.processors.ProcessorRefused;
import dev.pledge.server.processors.ProcessorRules;
import java.util.List;
import java.util.Optional;

/**
 * Whether an account's image may go to a hosted model's processor, by the policy (B-25, B-31): the
 * processor must be declared for the image's categories; when its region differs from the account's
 * storage region, the policy must declare a transfer from the one to the other. A transfer whose
 * safeguard stands on its own (adequacy, standard contractual clauses, binding corporate rules,
 * certification) covers every edit — when the processor names its safeguard, the transfer must use
 * that one. A transfer that rests on {@code consent} covers only an edit the person agreed to,
 * there and then: the edit must carry that agreement, or it is refused with the reason.
 */
public final class ProcessorTransfers {

  /** The category a hosted edit always sends. */
  public static final String SOURCE_CATEGORY = "user.content.source_images";

  /** The parameter of an edit that carries the person's agreement to a consent-based transfer. */
  public static final String CONSENT_PARAMETER = "transfer-consent";

  private ProcessorTransfers() {}

  /** Whether an edit's parameters carry the person's agreement ({@code transfer-consent=yes}). */
  public static boolean consented(java.util.Map<String, String> parameters) {
    String v = parameters == null ? null : parameters.get(CONSENT_PARAMETER);
    return v != null && (v.strip().equalsIgnoreCase("yes") || v.strip().equalsIgnoreCase("true"));
  }

  /** What the policy says about one edit. */
  public sealed interface Verdict {
    /** The edit may go. */
    record Allowed(Optional<Transfer> transfer) implements Verdict {}

    /**
     * The edit may not go.
     *
     * @param reason a key of the images bundle
     * @param arguments its arguments (processor name, region)
     */
    record Refused(String reason, List<String> arguments) implements Verdict {}
  }

  /**
   * @param policy the studio's policy
   * @param processorName the processor the provider sends to
   * @param accountRegion the account's storage region ({@code us}, {@code eu}, {@code apac}), or
   *     null when unknown
   * @param consented whether the person agreed, for this edit, to the transfer
   */
  /** The gate's refusal as the studio shows it: a key of the images bundle and its arguments. */
  public static Verdict.Refused refused(ProcessorRefused r) {
    return switch (r.reason()) {
      case UNDECLARED -> new Verdict.Refused("images.provider.undeclared", List.of(r.processor()));
      case REGION ->
          new Verdict.Refused("images.provider.region", List.of(r.processor(), r.region()));
      case CONSENT ->
          new Verdict.Refused("images.provider.consent", List.of(r.processor(), r.region()));
      case NOT_AGREED ->
          new Verdict.Refused("images.provider.not-agreed", List.of(r.processor(), r.region()));
    };
  }

  public static Verdict check(
      Policy policy, String processorName, String accountRegion, boolean consented) {
    Optional<ProcessorRefused> refused =
        ProcessorRules.refusal(
            policy, processorName, accountRegion, consented, List.of(SOURCE_CATEGORY));
    if (refused.isPresent()) {
      return refused(refused.get());
    }
    Processor processor =
        policy.processors().stream()
            .filter(p -> p.name().equals(processorName))
            .findFirst()
            .orElseThrow();
    String to = processor.region();
    if (to == null || to.equals(accountRegion)) {
      return new Verdict.Allowed(Optional.empty());
    }
    if (accountRegion == null) {
      // Where the person's data lives is unknown: no transfer can be shown to be declared.
      return new Verdict.Refused("images.provider.region", List.of(processorName, to));
    }
    return new Verdict.Allowed(
        ProcessorRules.transfer(policy, processor, accountRegion, consented));
  }
}
