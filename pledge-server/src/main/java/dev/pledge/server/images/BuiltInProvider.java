package dev.pledge.server.images;

import dev.pledge.server.images.text.TextOperations;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The built-in provider: offline, in the worker, no processor — geometry (rotate, flip, crop,
 * resize), appearance (brightness, contrast, saturation, hue, white balance, sharpen, blur,
 * denoise), styles (sketch, sepia, posterise, cartoon) and adding text in any script with the
 * bundled CJK font. Every operation costs one credit.
 */
@Component
class BuiltInProvider implements EditProvider {

  static final Set<Operation> OPERATIONS = declared();

  BuiltInProvider() {}

  private static Set<Operation> declared() {
    Set<Operation> ops = new LinkedHashSet<>();
    for (String g : new String[] {"rotate", "flip", "crop", "resize"}) {
      ops.add(new Operation(g, "geometry", 1));
    }
    for (String a :
        new String[] {
          "brightness",
          "contrast",
          "saturation",
          "hue",
          "white-balance",
          "sharpen",
          "blur",
          "denoise"
        }) {
      ops.add(new Operation(a, "appearance", 1));
    }
    for (String s : new String[] {"sketch", "sepia", "posterise", "cartoon"}) {
      ops.add(new Operation(s, "style", 1));
    }
    ops.add(new Operation("add-text", "text", 1));
    ops.addAll(TextOperations.OPERATIONS); // detect-text, replace-text (images.text)
    return Set.copyOf(ops);
  }

  @Override
  public String id() {
    return BUILT_IN;
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
    return OPERATIONS;
  }

  @Override
  public EditResult run(EditRequest request, Progress progress) throws EditRefused, EditFailed {
    if (TextOperations.handles(request.operation())) {
      return TextOperations.run(request, progress);
    }
    return BuiltInOperations.run(request, progress);
  }
}
