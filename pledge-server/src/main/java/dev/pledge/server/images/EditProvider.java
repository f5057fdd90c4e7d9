package dev.pledge.server.images;

import java.util.Optional;
import java.util.Set;

/**
 * Something that edits images: the built-in provider (offline), a hosted model, the OCR and
 * text-replacement routine. Chosen per edit.
 *
 * <p><b>Where it runs.</b> A provider is a Spring bean in the server, which asks it what it is (id,
 * processor, regions, operations) to offer and check a choice; {@link #run} is called in a bounded
 * worker process (its own memory limit and a time limit; B-15), never in the server. The worker
 * makes its own instance through the class's no-argument constructor (it may be package-private),
 * so {@code run} must depend on nothing but its arguments: no injected beans, no database. What it
 * needs from configuration (API keys, base URLs, model names) it reads from {@link
 * EditRequest#settings()}, which the server binds from {@code pledge.images.providers.{id}.*} —
 * never from the user.
 */
public interface EditProvider {

  /** The built-in provider's id. */
  String BUILT_IN = "builtin";

  /** A stable id, lower-case ({@code builtin}, {@code qwen-image-edit}, {@code openai}). */
  String id();

  /**
   * The name of the policy's processor that receives the image and prompt when this provider runs
   * (the policy's {@code processors[].name}), or empty when the image never leaves Pledge. A hosted
   * provider reads it from its {@code processor} setting ({@code
   * pledge.images.providers.{id}.processor}), checked against the policy at start-up. A provider
   * whose processor the policy does not declare for the image's categories is refused.
   */
  Optional<String> processor(ProviderSettings settings);

  /**
   * The storage regions ({@code us}, {@code eu}, {@code apac}) whose accounts may use this
   * provider; empty for all. Where the processor's region differs from the account's, the policy
   * must also declare a transfer between them, else the provider is refused for that account.
   */
  Set<String> regions();

  /** The operations this provider performs, with their mode and price. */
  Set<Operation> operations();

  /** Whether the provider can run with these settings (a hosted model needs its key). */
  default boolean available(ProviderSettings settings) {
    return true;
  }

  /**
   * Performs one edit. Called in the worker process, on a thread of its own; report progress now
   * and then. The result is checked, stripped of metadata and re-encoded by the worker before it is
   * stored, like an upload.
   *
   * @throws EditRefused when the request cannot be done as asked (the reason is shown to the user)
   * @throws EditFailed when it could not be done now (retryable or not)
   */
  EditResult run(EditRequest request, Progress progress) throws EditRefused, EditFailed;

  /**
   * An operation a provider offers.
   *
   * @param name its name in requests ({@code rotate}, {@code add-text}, {@code prompt})
   * @param mode the edit mode it belongs to, recorded with the result (B-02): {@code geometry},
   *     {@code appearance}, {@code style}, {@code text}, {@code semantic}
   * @param credits what one run costs, charged when the job is accepted and refunded if it fails
   */
  record Operation(String name, String mode, int credits) {}

  /** The operation of that name, if this provider offers it. */
  default Optional<Operation> operation(String name) {
    return operations().stream().filter(o -> o.name().equals(name)).findFirst();
  }
}
