package dev.pledge.server.images;

import dev.pledge.policy.Policy;
import dev.pledge.server.images.remote.ProcessorTransfers;
import dev.pledge.server.policychanges.PolicyChanges;
import dev.pledge.server.processors.ProcessorGate;
import dev.pledge.server.processors.ProcessorRules;
import dev.pledge.server.studio.Studio;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The edit providers this server has (every {@link EditProvider} bean), their settings from
 * configuration, and whether one may be used for an account: available with its settings, and, when
 * the image leaves Pledge, declared as a processor of the image's categories with a transfer from
 * the account's region to the processor's (B-25, B-31).
 */
@Component
class ImageProviders {

  static final String SOURCE_CATEGORY = "user.content.source_images";

  private final List<EditProvider> providers;
  private final Environment environment;
  private final Studio studio;
  private final PolicyChanges changes;

  ImageProviders(
      List<EditProvider> providers,
      Environment environment,
      Studio studio,
      ProcessorGate gate,
      PolicyChanges changes) {
    this.changes = changes;
    this.providers = providers.stream().sorted(Comparator.comparing(p -> order(p.id()))).toList();
    this.environment = environment;
    this.studio = studio;
    // A processor named in configuration must be one the policy declares for the images: a typo
    // or a stale name stops the start instead of refusing every edit later.
    for (EditProvider provider : this.providers) {
      settings(provider)
          .get("processor")
          .ifPresent(
              name ->
                  gate.requireDeclared(
                      "pledge.images.providers." + provider.id() + ".processor",
                      studio.id(),
                      name,
                      List.of(SOURCE_CATEGORY)));
    }
  }

  /** The processor {@code provider} sends images to, with its current settings. */
  Optional<String> processor(EditProvider provider) {
    return provider.processor(settings(provider));
  }

  private static String order(String id) {
    return (EditProvider.BUILT_IN.equals(id) ? "0" : "1") + id;
  }

  List<EditProvider> all() {
    return providers;
  }

  Optional<EditProvider> byId(String id) {
    return providers.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** The provider's configuration, {@code pledge.images.providers.{id}.*}. */
  ProviderSettings settings(EditProvider provider) {
    Map<String, String> values =
        Binder.get(environment)
            .bind(
                "pledge.images.providers." + provider.id(),
                Bindable.mapOf(String.class, String.class))
            .orElse(Map.of());
    return ProviderSettings.of(values);
  }

  /**
   * The providers the account, whose data is stored in {@code region}, may choose now. A provider
   * whose transfer rests on consent is offered (the editor asks for the agreement with the edit),
   * unless that transfer came with a policy change the person has not agreed to.
   */
  List<EditProvider> usableBy(String accountId, String region) {
    return providers.stream().filter(p -> refusal(p, accountId, region, true).isEmpty()).toList();
  }

  /**
   * The policy versions whose terms the person keeps for what needs consent (B-37): before each
   * policy change they have not agreed to.
   */
  List<Policy> termsKept(String accountId) {
    return changes.termsKept(accountId);
  }

  /**
   * Why {@code provider} may not be used for this edit: unavailable, not for the region, or — when
   * the image leaves Pledge — what the policy says of its processor and the transfer to it ({@link
   * ProcessorTransfers}: declared for the images, a transfer declared from the account's region,
   * and the person's agreement with this edit when that transfer rests on consent — under the terms
   * they agreed to, B-37).
   */
  Optional<ProcessorTransfers.Verdict.Refused> refusal(
      EditProvider provider, String accountId, String region, boolean consented) {
    if (!provider.available(settings(provider))) {
      return Optional.of(refused("images.provider.unavailable"));
    }
    if (!provider.regions().isEmpty() && (region == null || !provider.regions().contains(region))) {
      return Optional.of(refused("images.provider.region"));
    }
    Optional<String> processor = processor(provider);
    if (processor.isEmpty()) {
      return Optional.empty();
    }
    Policy policy = studio.policy();
    if (ProcessorTransfers.check(policy, processor.get(), region, consented)
        instanceof ProcessorTransfers.Verdict.Refused r) {
      return Optional.of(r);
    }
    // A transfer resting on consent that came with a policy change the person has not agreed to:
    // the terms before it still apply to them.
    return ProcessorRules.refusalUnderKeptTerms(
            policy, termsKept(accountId), processor.get(), region, List.of(SOURCE_CATEGORY))
        .map(ProcessorTransfers::refused);
  }

  private static ProcessorTransfers.Verdict.Refused refused(String key) {
    return new ProcessorTransfers.Verdict.Refused(key, List.of());
  }
}
