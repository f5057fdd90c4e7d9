package dev.pledge.server.rights;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Rate limits of the privacy center's form, in memory: per client address, against flooding, and
 * per target e-mail address, so that nobody can fill a stranger's inbox with acknowledgements or
 * probe many addresses. Target addresses are kept only as hashes, and only while their bucket
 * lives; nothing here is written to storage.
 */
@Component
class RequestFormLimits {

  private final Cache<String, Bucket> clients;
  private final Cache<String, Bucket> targets;
  private final int perClient;
  private final int perAddress;
  private final Duration window;

  RequestFormLimits(
      @Value("${pledge.rights.form.per-client:10}") int perClient,
      @Value("${pledge.rights.form.per-address:3}") int perAddress,
      @Value("${pledge.rights.form.window:PT1H}") Duration window) {
    this.perClient = perClient;
    this.perAddress = perAddress;
    this.window = window;
    this.clients = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
    this.targets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
  }

  /** Takes one submission from the client's allowance; false when it is used up. */
  boolean client(String clientAddress) {
    return clients.get(clientAddress, k -> bucket(perClient)).tryConsume(1);
  }

  /** Takes one request for this e-mail address from its allowance; false when it is used up. */
  boolean address(String addressKey) {
    String hash = HexFormat.of().formatHex(RightsRequests.sha256(addressKey));
    return targets.get(hash, k -> bucket(perAddress)).tryConsume(1);
  }

  Duration window() {
    return window;
  }

  private Bucket bucket(int capacity) {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
        .build();
  }
}
