package dev.pledge.server.accounts;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A client's address as the studio keeps it with a session: truncated like the rest of Pledge —
 * IPv4 to its /24, IPv6 to its /48, an IPv4-mapped IPv6 address as IPv4 — so it tells a country or
 * a network, never a household.
 */
final class ClientAddresses {

  private ClientAddresses() {}

  static String truncated(String address) {
    if (address == null || address.isBlank()) {
      return null;
    }
    byte[] bytes;
    try {
      // Only literals reach here (the socket's peer address): no name is ever looked up.
      if (!address.matches("[0-9a-fA-F:.]+")) {
        return null;
      }
      bytes = InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
    if (bytes.length == 16 && isMappedV4(bytes)) {
      bytes = java.util.Arrays.copyOfRange(bytes, 12, 16);
    }
    if (bytes.length == 4) {
      return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + ".0/24";
    }
    return String.format(
            "%x:%x:%x",
            ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff),
            ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff),
            ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff))
        + "::/48";
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }
}
