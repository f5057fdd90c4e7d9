package dev.pledge.server.processors;

import dev.pledge.policy.Policy;
import dev.pledge.policy.Processor;
import dev.pledge.policy.Safeguard;
import dev.pledge.policy.Transfer;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a policy allows one sending to a processor (B-25, B-31): the processor must be declared with
 * every category sent; when its region differs from the region the data lives in, the policy must
 * declare a transfer from the one to the other. A transfer whose safeguard stands on its own
 * (adequacy, SCCs, BCRs) covers every sending — when the processor names its safeguard, the
 * transfer must use that one; a transfer that rests on consent covers only a sending the person
 * agreed to there and then.
 */
public final class ProcessorRules {

  private ProcessorRules() {}

  /**
   * Why the policy does not allow the sending, or empty when it does.
   *
   * @param fromRegion the region the data lives in ({@code us}, {@code eu}, {@code apac}), or null
   *     when the data is not tied to one (then only the processor and categories are checked)
   */
  public static Optional<ProcessorRefused> refusal(
      Policy policy,
      String processorName,
      String fromRegion,
      boolean consented,
      Collection<String> categories) {
    Optional<Processor> declared =
        policy.processors().stream().filter(p -> p.name().equals(processorName)).findFirst();
    List<String> missing =
        declared
            .map(p -> categories.stream().filter(c -> !p.categories().contains(c)).toList())
            .orElse(List.copyOf(categories));
    if (declared.isEmpty() || !missing.isEmpty()) {
      return Optional.of(
          new ProcessorRefused(
              ProcessorRefused.Reason.UNDECLARED,
              processorName,
              null,
              "Refused to send "
                  + String.join(", ", missing)
                  + " to '"
                  + processorName
                  + "': the policy of "
                  + policy.property().id()
                  + (declared.isEmpty()
                      ? " lists no processor of that name (it lists: " + names(policy) + ")"
                      : " does not declare that this processor receives it")
                  + ". Declare it in the policy's processors, or send it elsewhere"));
    }
    Processor processor = declared.get();
    String to = processor.region();
    if (to == null || fromRegion == null || to.equals(fromRegion)) {
      return Optional.empty();
    }
    if (transfer(policy, processor, fromRegion, true).isPresent()) {
      if (consented || transfer(policy, processor, fromRegion, false).isPresent()) {
        return Optional.empty();
      }
      return Optional.of(
          new ProcessorRefused(
              ProcessorRefused.Reason.CONSENT,
              processorName,
              to,
              refusedSending(fromRegion, processorName, to)
                  + ": the policy allows that transfer only with the person's consent, which"
                  + " this sending does not carry"));
    }
    return Optional.of(
        new ProcessorRefused(
            ProcessorRefused.Reason.REGION,
            processorName,
            to,
            refusedSending(fromRegion, processorName, to)
                + ": the policy declares no transfer from "
                + fromRegion
                + " to "
                + to
                + (processor.safeguard() == null
                    ? ""
                    : " with the processor's safeguard " + processor.safeguard())
                + ". Declare the transfer in the policy, or do not use this processor for this"
                + " region"));
  }

  /**
   * Why a sending is refused under the earlier terms a person keeps for what needs consent (B-37):
   * when {@code current} allows the sending only through a transfer that rests on consent, each of
   * {@code kept} — the policy as it stood before a change the person has not agreed to — must allow
   * it too (with their consent). A sending that stands on its own safeguard, stays in its region or
   * is refused by {@code current} anyway is not this rule's to judge: empty.
   */
  public static Optional<ProcessorRefused> refusalUnderKeptTerms(
      Policy current,
      List<Policy> kept,
      String processorName,
      String fromRegion,
      Collection<String> categories) {
    Optional<Processor> declared =
        current.processors().stream().filter(p -> p.name().equals(processorName)).findFirst();
    if (kept.isEmpty() || declared.isEmpty() || fromRegion == null) {
      return Optional.empty();
    }
    String to = declared.get().region();
    if (to == null
        || to.equals(fromRegion)
        || transfer(current, declared.get(), fromRegion, false).isPresent()) {
      return Optional.empty(); // no transfer, or one that does not rest on consent
    }
    for (Policy earlier : kept) {
      if (refusal(earlier, processorName, fromRegion, true, categories).isPresent()) {
        return Optional.of(
            new ProcessorRefused(
                ProcessorRefused.Reason.NOT_AGREED,
                processorName,
                to,
                refusedSending(fromRegion, processorName, to)
                    + ": that transfer rests on consent and came with a policy change this person"
                    + " has not agreed to; the terms before it still apply to them. Once the"
                    + " change is in force, they can agree on its page"));
      }
    }
    return Optional.empty();
  }

  /**
   * The declared transfer that covers sending data from {@code fromRegion} to {@code processor}'s
   * region: one whose safeguard stands on its own (the processor's own, when it names one), else —
   * when {@code consented} — one resting on consent.
   */
  public static Optional<Transfer> transfer(
      Policy policy, Processor processor, String fromRegion, boolean consented) {
    String to = processor.region();
    List<Transfer> routes =
        policy.transfers().stream()
            .filter(t -> t.from().equals(fromRegion) && t.to().equals(to))
            .toList();
    Optional<Transfer> standing =
        routes.stream()
            .filter(t -> t.safeguard() != Safeguard.CONSENT)
            .filter(t -> processor.safeguard() == null || t.safeguard() == processor.safeguard())
            .findFirst();
    if (standing.isPresent() || !consented) {
      return standing;
    }
    return routes.stream().filter(t -> t.safeguard() == Safeguard.CONSENT).findFirst();
  }

  private static String refusedSending(String fromRegion, String processorName, String to) {
    return "Refused to send data from " + fromRegion + " to '" + processorName + "' in " + to;
  }

  static String names(Policy policy) {
    return policy.processors().isEmpty()
        ? "none"
        : policy.processors().stream().map(Processor::name).collect(Collectors.joining(", "));
  }
}
