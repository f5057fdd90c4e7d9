package dev.pledge.server.images;

import java.util.List;
import java.util.Objects;

/**
 * What a provider made.
 *
 * @param image the edited image's bytes (PNG, JPEG or WebP); a provider that got a URL back
 *     downloads it first (provider URLs expire; the studio keeps its own copy)
 * @param contentType its media type
 * @param model the model (or routine) that made it, recorded with the result (B-02): {@code
 *     builtin/rotate}, {@code qwen-image-edit}
 * @param notes short remarks for the history (no personal data beyond the edit's own), may be empty
 */
public record EditResult(byte[] image, String contentType, String model, List<String> notes) {

  public EditResult {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(model, "model");
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  @Override
  public String toString() {
    return "EditResult[" + model + ", " + contentType + ", " + image.length + " bytes]";
  }
}
