package dev.pledge.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Data residency (B-23): a blob stored for a person whose data must stay in a region has an object
 * key {@code {region}/{random}}, and its bytes go to that region's own store — a directory of its
 * own ({@code pledge.blobs.region-directories.{region}}, by default {@code
 * {data-dir}/blobs/regions/{region}/}); a key without a region goes to the default store, as
 * before. The region is in the key, so every read, deletion and erasure finds the right store.
 */
final class RegionalBlobBackend implements BlobBackend {

  static final Pattern REGION = Pattern.compile("[a-z]{2,16}");

  private final BlobBackend fallback;
  private final Function<String, BlobBackend> storeOf;
  private final Map<String, BlobBackend> stores = new ConcurrentHashMap<>();

  RegionalBlobBackend(BlobBackend fallback, Function<String, BlobBackend> storeOf) {
    this.fallback = fallback;
    this.storeOf = storeOf;
  }

  /** The key of a new object for {@code region}, or the plain key when there is none. */
  static String key(String region, String random) {
    if (region == null) {
      return random;
    }
    if (!REGION.matcher(region).matches()) {
      throw new IllegalArgumentException(
          "a storage region is a short lower-case id such as eu, not '" + region + "'");
    }
    return region + "/" + random;
  }

  /** The region an object key names, or null. */
  static String regionOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? null : key.substring(0, slash);
  }

  /** The store that holds {@code region}'s objects. */
  BlobBackend store(String region) {
    return region == null ? fallback : stores.computeIfAbsent(region, storeOf);
  }

  /**
   * The store of the key's region; a region the configuration gives no store (S3 without its
   * bucket) is an I/O failure that says which setting is missing, not a bare runtime exception.
   */
  private BlobBackend storeFor(String key) throws IOException {
    try {
      return store(regionOf(key));
    } catch (IllegalStateException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  private static String inStore(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? key : key.substring(slash + 1);
  }

  @Override
  public void put(String key, Path file) throws IOException {
    storeFor(key).put(inStore(key), file);
  }

  @Override
  public InputStream open(String key) throws IOException {
    return storeFor(key).open(inStore(key));
  }

  @Override
  public void delete(String key) throws IOException {
    storeFor(key).delete(inStore(key));
  }

  /** Whether the object is where its key says (its region's store has it). */
  boolean present(String key) {
    try (InputStream in = open(key)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public String description() {
    Map<String, String> regional = new TreeMap<>();
    stores.forEach((r, s) -> regional.put(r, s.description()));
    return fallback.description() + (regional.isEmpty() ? "" : " (by region: " + regional + ")");
  }
}
