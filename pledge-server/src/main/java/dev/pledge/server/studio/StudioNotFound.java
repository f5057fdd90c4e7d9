package dev.pledge.server.studio;

/**
 * Thrown by a studio page for anything the signed-in person may not see — someone else's account,
 * team or image, or an id that does not exist: both answer the same 404 page, so an id never tells
 * whether it exists (B-14).
 */
public class StudioNotFound extends RuntimeException {

  public StudioNotFound() {
    super("not found", null, false, false);
  }
}
