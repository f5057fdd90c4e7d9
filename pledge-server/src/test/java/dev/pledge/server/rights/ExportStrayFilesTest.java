package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An export's ZIP is written before its record commits; bench/faults/jobs.sh killed the server in
 * between and the file stayed on disk for good, named by no record (issue 18).
 */
@WithRunningServer
class ExportStrayFilesTest {

  @Autowired RequestExports exports;
  @Autowired RightsRequests requests;
  @Autowired PledgeSettings settings;
  @Autowired JdbcClient jdbc;

  @AfterEach
  void resetClock() {
    TestClock.reset();
  }

  @Test
  @DisplayName(
      "A-15 an export file no record names (its process died before the commit) is deleted by the"
          + " cleanup once an hour old; a recorded one and a recent one are kept")
  void strayExportFileIsDeleted() throws Exception {
    Path dir = settings.dataDir().resolve("exports").toAbsolutePath();
    // As the server makes it (DataDirectoryPermissionsTest checks it on the shared server).
    Files.createDirectories(
        dir,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
    Path stray = dir.resolve(name());
    Files.writeString(stray, "a copy of someone's data", StandardCharsets.UTF_8);
    Path recorded = dir.resolve(name());
    Files.writeString(recorded, "an export with its record", StandardCharsets.UTF_8);
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.ACCESS,
                null,
                RequestChannel.API,
                null,
                "stray-export@example.org",
                null,
                "gdpr",
                false),
            "test");
    jdbc.sql(
            """
            insert into rights_request_export
              (request_id, file_name, items, token_hash, created_at, expires_at)
            select id, :file, 1, :hash, :now, :exp from rights_request where reference = :r
            """)
        .param("file", recorded.getFileName().toString())
        .param("hash", RightsRequests.sha256(UUID.randomUUID().toString()))
        .param("now", Timestamp.from(Instant.now()))
        .param("exp", Timestamp.from(Instant.now().plus(Duration.ofDays(30))))
        .param("r", r.reference())
        .update();

    exports.deleteExpiredFiles();
    assertThat(stray).as("a recent file may belong to an export still committing").exists();

    TestClock.advance(Duration.ofHours(2));
    exports.deleteExpiredFiles();
    assertThat(stray).as("an hour later no export can own it").doesNotExist();
    assertThat(recorded).as("its record names it: its link still works").exists();
    // Not left for other tests on the shared server (DataDirectoryPermissionsTest checks every
    // export file is owner-only, which this hand-written one is not).
    Files.delete(recorded);
  }

  private static String name() {
    return UUID.randomUUID().toString().replace("-", "") + ".zip";
  }
}
