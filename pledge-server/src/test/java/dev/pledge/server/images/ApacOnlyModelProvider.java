package dev.pledge.server.images;

import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A hosted model offered only to accounts stored in Asia-Pacific (tests only): registered in the
 * test server so that refusing it to an account elsewhere is shown through the whole studio. It
 * never runs.
 */
@Component
class ApacOnlyModelProvider implements EditProvider {

  static final String ID = "apac-only-model";

  ApacOnlyModelProvider() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Optional<String> processor(ProviderSettings settings) {
    return Optional.of("Example AI Model Provider");
  }

  @Override
  public Set<String> regions() {
    return Set.of("apac");
  }

  @Override
  public Set<Operation> operations() {
    return Set.of(new Operation("prompt", "semantic", 5));
  }

  @Override
  public EditResult run(EditRequest request, Progress progress) throws EditFailed {
    throw new EditFailed("an account outside apac must never reach this model", false);
  }
}
