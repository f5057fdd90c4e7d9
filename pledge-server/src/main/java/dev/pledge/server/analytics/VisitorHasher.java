package dev.pledge.server.analytics;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Counts unique visitors without a cookie or a stored identifier: a keyed SipHash-2-4 of (site, IP,
 * user agent) under the day's random salt. Once the salt is destroyed (after 48 hours) nobody — the
 * operator included — can link a stored visitor id back to an address.
 */
final class VisitorHasher {

  private final HashFunction sipHash;

  /**
   * @param salt the day's 16 random bytes
   */
  VisitorHasher(byte[] salt) {
    if (salt.length != 16) {
      throw new IllegalArgumentException("a SipHash key is 16 bytes");
    }
    ByteBuffer key = ByteBuffer.wrap(salt);
    sipHash = Hashing.sipHash24(key.getLong(), key.getLong());
  }

  long visitorId(String propertyId, String ip, String userAgent) {
    return sipHash
        .newHasher()
        .putString(propertyId, StandardCharsets.UTF_8)
        .putByte((byte) 0)
        .putString(ip, StandardCharsets.UTF_8)
        .putByte((byte) 0)
        .putString(userAgent == null ? "" : userAgent, StandardCharsets.UTF_8)
        .hash()
        .asLong();
  }
}
