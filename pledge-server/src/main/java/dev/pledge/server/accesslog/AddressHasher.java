package dev.pledge.server.accesslog;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Replaces an address by a keyed HMAC-SHA256 of it, rendered as an address that can never be a real
 * client, so log tools still parse the field:
 *
 * <ul>
 *   <li>IPv4 (and IPv4-mapped IPv6) becomes an address in 240.0.0.0/4, the reserved "future use"
 *       block: the first 28 bits of the HMAC over the 4 address bytes.
 *   <li>IPv6 becomes an address in 2001:db8::/32, the documentation prefix: the first 96 bits of
 *       the HMAC over the 16 address bytes.
 * </ul>
 *
 * The same address under the same key always gives the same pseudonym (abuse monitoring can follow
 * one client through a day); a new key makes the old pseudonyms unlinkable. 28 bits means two IPv4
 * clients share a pseudonym now and then — acceptable for counting and rate spotting, and the price
 * of staying inside one reserved block.
 *
 * <p>Logs repeat the same few addresses, so a direct-mapped cache (1 MiB, fixed) skips most HMACs.
 * The HMAC itself is RFC 2104 over a plain SHA-256 digest writing into reused arrays: {@code
 * javax.crypto.Mac} allocates on every call, which over millions of lines is garbage for nothing.
 */
final class AddressHasher implements AddressTransform {
  private static final int IPV4_CACHE_BITS = 16;
  private static final int IPV6_CACHE_BITS = 14;
  private static final long DOCUMENTATION_PREFIX = 0x2001_0db8L << 32;
  private static final int SHA256_BLOCK = 64;

  private final boolean skipPrivate;
  private final MessageDigest sha256;
  private final byte[] innerPad = new byte[SHA256_BLOCK];
  private final byte[] outerPad = new byte[SHA256_BLOCK];
  private final byte[] input4 = new byte[4];
  private final byte[] input16 = new byte[16];
  private final byte[] inner = new byte[32];
  private final byte[] digest = new byte[32];

  // A cached IPv4 result always has its top four bits set, so 0 marks an empty slot.
  private final int[] ipv4Keys = new int[1 << IPV4_CACHE_BITS];
  private final int[] ipv4Values = new int[1 << IPV4_CACHE_BITS];
  // A cached IPv6 result always starts with 2001:db8, so 0 marks an empty slot.
  private final long[] ipv6KeyHi = new long[1 << IPV6_CACHE_BITS];
  private final long[] ipv6KeyLo = new long[1 << IPV6_CACHE_BITS];
  private final long[] ipv6ValueHi = new long[1 << IPV6_CACHE_BITS];
  private final long[] ipv6ValueLo = new long[1 << IPV6_CACHE_BITS];

  AddressHasher(byte[] key, boolean skipPrivate) {
    this.skipPrivate = skipPrivate;
    try {
      this.sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    byte[] k = key.length > SHA256_BLOCK ? sha256.digest(key) : key;
    for (int i = 0; i < SHA256_BLOCK; i++) {
      byte kb = i < k.length ? k[i] : 0;
      innerPad[i] = (byte) (kb ^ 0x36);
      outerPad[i] = (byte) (kb ^ 0x5c);
    }
  }

  @Override
  public boolean transform(ParsedAddress a) {
    if (skipPrivate && PrivateRanges.isPrivate(a)) {
      return false;
    }
    if (!a.ipv6) {
      a.ipv4 = hashIpv4(a.ipv4);
    } else if (a.isMappedIpv4()) {
      a.lo = 0xFFFF_0000_0000L | (hashIpv4((int) a.lo) & 0xFFFFFFFFL);
    } else {
      hashIpv6(a);
    }
    return true;
  }

  @Override
  public boolean hashes() {
    return true;
  }

  private int hashIpv4(int address) {
    int slot = (address * 0x9E3779B1) >>> (32 - IPV4_CACHE_BITS);
    if (ipv4Values[slot] != 0 && ipv4Keys[slot] == address) {
      return ipv4Values[slot];
    }
    input4[0] = (byte) (address >>> 24);
    input4[1] = (byte) (address >>> 16);
    input4[2] = (byte) (address >>> 8);
    input4[3] = (byte) address;
    hmac(input4);
    int value = 0xF000_0000 | (readInt(digest, 0) >>> 4);
    ipv4Keys[slot] = address;
    ipv4Values[slot] = value;
    return value;
  }

  private void hashIpv6(ParsedAddress a) {
    long mixed = (a.hi ^ Long.rotateLeft(a.lo, 29)) * 0x9E3779B97F4A7C15L;
    int slot = (int) (mixed >>> (64 - IPV6_CACHE_BITS));
    if (ipv6ValueHi[slot] != 0 && ipv6KeyHi[slot] == a.hi && ipv6KeyLo[slot] == a.lo) {
      a.hi = ipv6ValueHi[slot];
      a.lo = ipv6ValueLo[slot];
      return;
    }
    for (int k = 0; k < 8; k++) {
      input16[k] = (byte) (a.hi >>> (56 - 8 * k));
      input16[8 + k] = (byte) (a.lo >>> (56 - 8 * k));
    }
    hmac(input16);
    long valueHi = DOCUMENTATION_PREFIX | (readInt(digest, 0) & 0xFFFFFFFFL);
    long valueLo = ((long) readInt(digest, 4) << 32) | (readInt(digest, 8) & 0xFFFFFFFFL);
    ipv6KeyHi[slot] = a.hi;
    ipv6KeyLo[slot] = a.lo;
    ipv6ValueHi[slot] = valueHi;
    ipv6ValueLo[slot] = valueLo;
    a.hi = valueHi;
    a.lo = valueLo;
  }

  /** HMAC-SHA256 of {@code input} into {@link #digest} (RFC 2104). */
  void hmac(byte[] input) {
    try {
      sha256.update(innerPad);
      sha256.update(input);
      sha256.digest(inner, 0, inner.length);
      sha256.update(outerPad);
      sha256.update(inner);
      sha256.digest(digest, 0, digest.length);
    } catch (DigestException e) {
      throw new IllegalStateException("a SHA-256 digest is 32 bytes", e);
    }
  }

  /** The last {@link #hmac} result; for tests. */
  byte[] lastDigest() {
    return digest.clone();
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] & 0xFF) << 24
        | (b[at + 1] & 0xFF) << 16
        | (b[at + 2] & 0xFF) << 8
        | (b[at + 3] & 0xFF);
  }
}
