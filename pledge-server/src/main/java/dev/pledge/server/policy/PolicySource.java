package dev.pledge.server.policy;

import dev.pledge.policy.LoadResult;
import dev.pledge.policy.PolicyLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a policy from a file path or a {@code classpath:} location (the shipped policies travel
 * inside the jar), keeping the bytes' hash so a new version can be told from an old one.
 */
public final class PolicySource {

  private static final String CLASSPATH = "classpath:";

  private PolicySource() {}

  /** A loaded policy file with its hash. */
  public record Loaded(String location, LoadResult result, String sha256) {}

  public static Loaded load(String location) {
    byte[] bytes = read(location);
    String name =
        location.startsWith(CLASSPATH)
            ? location.substring(CLASSPATH.length())
            : Path.of(location).toString();
    LoadResult result = PolicyLoader.parse(new String(bytes, StandardCharsets.UTF_8), name);
    return new Loaded(location, result, sha256(bytes));
  }

  /** The policy file's text, as served: for comparing it with the next version (B-37). */
  public static String text(String location) {
    return new String(read(location), StandardCharsets.UTF_8);
  }

  private static byte[] read(String location) {
    try {
      if (location.startsWith(CLASSPATH)) {
        String resource = location.substring(CLASSPATH.length());
        try (InputStream in = PolicySource.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new InvalidPolicyException(location, List.of("not found inside the Pledge jar"));
          }
          return in.readAllBytes();
        }
      }
      return Files.readAllBytes(Path.of(location));
    } catch (IOException e) {
      throw new InvalidPolicyException(
          location,
          List.of("cannot be read (" + e.getClass().getSimpleName() + "): check the path"));
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new UncheckedIOException(new IOException("SHA-256 missing from this JVM", e));
    }
  }
}
