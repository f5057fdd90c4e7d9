package dev.pledge.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErasureLedgerTest {

  @TempDir Path dir;

  @Test
  @DisplayName(
      "the erasure ledger appends owner-only lines and reads back those since a moment, skipping a"
          + " torn last line")
  void appendsAndReadsSince() throws Exception {
    ErasureLedger ledger = new ErasureLedger(dir.resolve("keys").resolve(ErasureLedger.FILE_NAME));
    Instant t0 = Instant.parse("2026-12-01T10:00:00Z");
    ledger.record(new ErasureLedger.Entry(t0, "image-studio", "ref-a"));
    ledger.record(new ErasureLedger.Entry(t0.plusSeconds(60), "reference-site", "ref-b"));
    Files.writeString(ledger.file(), "2026-12-0", StandardOpenOption.APPEND); // a crash mid-line

    assertThat(Files.getPosixFilePermissions(ledger.file()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(ledger.file().getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    assertThat(ledger.entries()).hasSize(2);
    ledger.record(new ErasureLedger.Entry(t0.plusSeconds(120), "image-studio", "ref-c"));
    assertThat(ledger.entries())
        .extracting(ErasureLedger.Entry::subjectReference)
        .containsExactly("ref-a", "ref-b", "ref-c");
    assertThat(ledger.since(t0.plusSeconds(1)))
        .containsExactly(
            new ErasureLedger.Entry(t0.plusSeconds(60), "reference-site", "ref-b"),
            new ErasureLedger.Entry(t0.plusSeconds(120), "image-studio", "ref-c"));
    assertThat(ledger.since(t0)).hasSize(3);
  }
}
