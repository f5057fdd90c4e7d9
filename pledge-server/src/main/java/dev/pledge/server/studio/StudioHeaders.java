package dev.pledge.server.studio;

/**
 * The content-security policy of every studio page: the studio's own scripts, styles and fonts
 * only, no inline script or style, images from the studio or {@code data:} (the QR code of a second
 * factor), forms and fetches to the studio only, never framed. Nothing on a studio page can load
 * from a CDN or another site.
 */
public final class StudioHeaders {

  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
          + " font-src 'self'; connect-src 'self'; manifest-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

  /** Features no studio page uses, switched off for the page and anything it might embed. */
  public static final String PERMISSIONS_POLICY =
      "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

  private StudioHeaders() {}
}
