package dev.pledge.server.images;

/** The built-in provider's operations on pixels. */
final class BuiltInOperations {

  private BuiltInOperations() {}

  static EditResult run(EditRequest request, Progress progress) throws EditRefused, EditFailed {
    throw new EditRefused("images.refused.operation", request.operation());
  }
}
