package dev.pledge.server.images;

/**
 * Where an edit is, reported by a provider as it works; the editor page shows it live.
 *
 * <p>{@code message} is a key of the images message bundle ({@code images.progress.*}), shown in
 * the user's language, or else short plain text shown as it is; no personal data.
 */
@FunctionalInterface
public interface Progress {

  /**
   * @param fraction how much is done, 0 to 1
   * @param message what it is doing, or null
   */
  void report(double fraction, String message);

  /** A progress that goes nowhere, for tests and callers that do not watch. */
  static Progress ignored() {
    return (f, m) -> {};
  }
}
