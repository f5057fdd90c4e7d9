package dev.pledge.server.rights;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/**
 * The one check of a requester's e-mail address, shared by the privacy center's form and the
 * operators' API (and a rectified address): an address only goes into a request when mail can be
 * written to it, so its acknowledgement is not bound to fail. One plain address ({@code
 * name@example.org}): no display name, no spaces, a domain with a dot, at most {@value #MAX_LENGTH}
 * characters.
 */
public final class RequesterAddress {

  /** The longest address SMTP carries (RFC 5321's path limit less the angle brackets). */
  public static final int MAX_LENGTH = 254;

  private RequesterAddress() {}

  /** Whether {@code address}, exactly as given, is an address mail can be written to. */
  public static boolean valid(String address) {
    if (address == null
        || address.length() > MAX_LENGTH
        || address.indexOf('@') < 1
        || address.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      return false;
    }
    try {
      InternetAddress a = new InternetAddress(address, true);
      String domain = a.getAddress().substring(a.getAddress().indexOf('@') + 1);
      return a.getAddress().equals(address)
          && a.getPersonal() == null
          && domain.contains(".")
          && !domain.endsWith(".")
          && !domain.startsWith(".")
          && !domain.contains("..");
    } catch (AddressException e) {
      return false;
    }
  }
}
