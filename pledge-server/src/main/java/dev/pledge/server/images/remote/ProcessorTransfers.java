package dev.pledge.server.images.remote;

import dev.pledge.policy.Policy;
import dev.pledge.policy.Processor;
import dev.pledge.policy.Safeguard;
import dev.pledge.policy.Transfer;
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
  public static Verdict check(
      Policy policy, String processorName, String accountRegion, boolean consented) {
    Optional<Processor> declared =
        policy.processors().stream()
            .filter(p -> p.name().equals(processorName))
            .filter(p -> p.categories().contains(SOURCE_CATEGORY))
            .findFirst();
    if (declared.isEmpty()) {
      return new Verdict.Refused("images.provider.undeclared", List.of(processorName));
    }
    Processor processor = declared.get();
    String to = processor.region();
    if (to == null || to.equals(accountRegion)) {
      return new Verdict.Allowed(Optional.empty());
    }
    if (accountRegion == null) {
      // Where the person's data lives is unknown: no transfer can be shown to be declared.
      return new Verdict.Refused("images.provider.region", List.of(processorName, to));
    }
    List<Transfer> routes =
        policy.transfers().stream()
            .filter(t -> t.from().equals(accountRegion) && t.to().equals(to))
            .toList();
    Optional<Transfer> standing =
        routes.stream()
            .filter(t -> t.safeguard() != Safeguard.CONSENT)
            .filter(t -> processor.safeguard() == null || t.safeguard() == processor.safeguard())
            .findFirst();
    if (standing.isPresent()) {
      return new Verdict.Allowed(standing);
    }
    Optional<Transfer> byConsent =
        routes.stream().filter(t -> t.safeguard() == Safeguard.CONSENT).findFirst();
    if (byConsent.isPresent()) {
      return consented
          ? new Verdict.Allowed(byConsent)
          : new Verdict.Refused("images.provider.consent", List.of(processorName, to));
    }
    return new Verdict.Refused("images.provider.region", List.of(processorName, to));
  }
}
