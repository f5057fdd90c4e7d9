package dev.pledge.server.accounts;

import java.util.List;

/**
 * The edit modes and models a person can make their default. Plain values for now: the images
 * module gives them their meaning (the first of each is the default of a new account).
 */
final class EditDefaults {

  /** Semantic edits (new content, rotation, style), appearance changes, text in the image. */
  static final List<String> MODES = List.of("semantic", "appearance", "text");

  /** The built-in offline editor, or Alibaba Model Studio's qwen-image-edit. */
  static final List<String> MODELS = List.of("builtin", "qwen-image-edit");

  private EditDefaults() {}
}
