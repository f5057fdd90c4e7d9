package dev.pledge.server.analytics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Counts committed event batches per property on this instance, so that cached live numbers can
 * tell whether anything new was stored since they were computed.
 */
@Component
class WriteCounter {

  private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

  void written(String propertyId) {
    counts.computeIfAbsent(propertyId, k -> new AtomicLong()).incrementAndGet();
  }

  long version(String propertyId) {
    AtomicLong c = counts.get(propertyId);
    return c == null ? 0 : c.get();
  }
}
