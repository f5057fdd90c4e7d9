package dev.pledge.server.images;

/**
 * An image the studio will not take, with the reason as a key of the images bundle ({@code
 * images.upload.*}) and its arguments, so the person reads it in their language: what is wrong and
 * what to do.
 */
class ImageRefused extends RuntimeException {

  private final transient Object[] arguments;

  ImageRefused(String key, Object... arguments) {
    super(key, null, false, false);
    this.arguments = arguments.clone();
  }

  String key() {
    return getMessage();
  }

  Object[] arguments() {
    return arguments.clone();
  }
}
