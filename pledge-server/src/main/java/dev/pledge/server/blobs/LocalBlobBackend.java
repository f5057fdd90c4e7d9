package dev.pledge.server.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Blobs as files under {@code {data-dir}/blobs/}, fanned out by the first two characters of their
 * random key so no directory grows huge. A file appears by an atomic rename, whole or not at all.
 */
final class LocalBlobBackend implements BlobBackend {

  private final Path root;

  LocalBlobBackend(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  Path root() {
    return root;
  }

  Path file(String key) {
    return root.resolve(key.substring(0, 2)).resolve(key);
  }

  @Override
  public void put(String key, Path file) throws IOException {
    Path target = file(key);
    Files.createDirectories(target.getParent());
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public InputStream open(String key) throws IOException {
    return Files.newInputStream(file(key));
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(file(key));
  }

  @Override
  public String description() {
    return "directory " + root;
  }
}
