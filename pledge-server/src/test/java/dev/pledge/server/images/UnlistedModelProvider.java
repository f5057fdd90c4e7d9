package dev.pledge.server.images;

import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A hosted model whose processor the policy does not declare (tests only): registered in the test
 * server so that refusing it is shown through the whole studio, not only in {@code
 * ProcessorTransfers}. It never runs.
 */
@Component
class UnlistedModelProvider implements EditProvider {

  static final String ID = "unlisted-model";

  UnlistedModelProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<String> processor(ProviderSettings settings) {
    return Optional.of("Unlisted Model Co.");
  }

  @Override
  public Set<String> regions() {
    return Set.of();
  }

  @Override
  public Set<Operation> operations() {
    return Set.of(new Operation("prompt", "semantic", 5));
  }

  @Override
  public EditResult run(EditRequest request, Progress progress) throws EditFailed {
    throw new EditFailed("an undeclared processor must never receive an image", false);
  }
}
