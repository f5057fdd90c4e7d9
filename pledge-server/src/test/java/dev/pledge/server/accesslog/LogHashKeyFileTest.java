package dev.pledge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --hash key file: created when missing, read when present, rotated by replacing it. */
@Tag("A-08")
class LogHashKeyFileTest {

  @Test
  @DisplayName("A-08 a missing key file is created with 32 random bytes, owner-only, then reused")
  void createdThenReused(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs.key");
    HashKeyFile.Key created = HashKeyFile.loadOrCreate(file);
    assertThat(created.created()).isTrue();
    assertThat(created.bytes()).hasSize(32);
    assertThat(Files.readString(file)).matches("[0-9a-f]{64}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");

    HashKeyFile.Key again = HashKeyFile.loadOrCreate(file);
    assertThat(again.created()).isFalse();
    assertThat(again.bytes()).isEqualTo(created.bytes());

    Path other = dir.resolve("other.key");
    assertThat(HashKeyFile.loadOrCreate(other).bytes()).isNotEqualTo(created.bytes());
  }

  @Test
  @DisplayName("a key written by hand as hex, or as raw bytes, is accepted; too little is refused")
  void handWrittenKeys(@TempDir Path dir) throws Exception {
    Path hex = dir.resolve("hex.key");
    Files.writeString(hex, "  " + "ab".repeat(32) + "\r\n");
    assertThat(HashKeyFile.loadOrCreate(hex).bytes()).hasSize(32).containsOnly((byte) 0xab);

    Path raw = dir.resolve("raw.key");
    byte[] bytes = new byte[40];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (200 + i);
    }
    Files.write(raw, bytes);
    assertThat(HashKeyFile.loadOrCreate(raw).bytes()).isEqualTo(bytes);

    Path shortKey = dir.resolve("short.key");
    Files.writeString(shortKey, "abcd\n");
    assertThatThrownBy(() -> HashKeyFile.loadOrCreate(shortKey))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64 or more hexadecimal digits")
        .hasMessageContaining("openssl rand -hex 32");
  }
}
