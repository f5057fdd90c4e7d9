package dev.pledge.server.images;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * A provider that never finishes (tests only): {@code spin} loops until the worker is killed for
 * its time, {@code hog} takes memory until the worker dies of its heap limit. Registered in the
 * test server, so the limits are shown to hold through the whole job system.
 */
@Component
class RunawayProvider implements EditProvider {

  RunawayProvider() {}

  @Override
  public String id() {
    return "runaway";
  }

  @Override
  public Optional<String> processor(ProviderSettings settings) {
    return Optional.empty();
  }

  @Override
  public Set<String> regions() {
    return Set.of();
  }

  @Override
  public Set<Operation> operations() {
    return Set.of(new Operation("spin", "appearance", 1), new Operation("hog", "appearance", 1));
  }

  @Override
  @SuppressWarnings("InfiniteLoopStatement")
  public EditResult run(EditRequest request, Progress progress) {
    progress.report(0.1, "images.progress.editing");
    if (request.operation().equals("hog")) {
      List<long[]> hoard = new ArrayList<>();
      while (true) {
        hoard.add(new long[8 << 20]);
      }
    }
    long x = 0;
    while (true) {
      x += System.nanoTime() % 7;
      if (x == Long.MIN_VALUE) {
        break;
      }
    }
    return new EditResult(new byte[0], "image/png", "never", List.of());
  }
}
