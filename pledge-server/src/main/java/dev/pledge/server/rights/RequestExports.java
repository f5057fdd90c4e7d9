package dev.pledge.server.rights;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.SubjectExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exports for access and portability requests (issue 6, A-15, B-27): the operator prepares the
 * requester's ZIP under {@code {data-dir}/exports/} (owner-only), the preparation is recorded in
 * the request's history, and the requester downloads it once through a link that expires, e-mailed
 * to a confirmed address; the token is stored only as a hash (the e-mail's body is cleared once
 * sent), and the file is deleted after the download.
 */
@Service
public class RequestExports {

  private static final Set<RightsRequestKind> KINDS =
      EnumSet.of(RightsRequestKind.ACCESS, RightsRequestKind.PORTABILITY);

  private final SecureRandom random = new SecureRandom();
  private final SubjectExporter exporter;
  private final RightsRequests requests;
  private final RightsAcknowledgements links;
  private final PolicyCatalog catalog;
  private final RequestNotices notices;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Path dir;
  private final Duration linkTtl;

  RequestExports(
      SubjectExporter exporter,
      RightsRequests requests,
      RightsAcknowledgements links,
      PolicyCatalog catalog,
      RequestNotices notices,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock,
      PledgeSettings settings,
      @Value("${pledge.rights.export-link-ttl:P7D}") Duration linkTtl) {
    this.exporter = exporter;
    this.requests = requests;
    this.links = links;
    this.catalog = catalog;
    this.notices = notices;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
    this.dir = settings.dataDir().resolve("exports").toAbsolutePath();
    this.linkTtl = linkTtl;
  }

  /**
   * A prepared export.
   *
   * @param items how many items it holds
   * @param link the single-use download link for the requester (shown once, never stored)
   * @param expiresAt when the link stops working
   * @param mailed whether the link was queued for the requester's confirmed address
   */
  public record PreparedExport(long items, String link, Instant expiresAt, boolean mailed) {}

  /** Whether an export may be prepared for {@code r}: a verified, open access or portability. */
  public static boolean exportable(RightsRequest r) {
    return KINDS.contains(r.kind())
        && (r.status() == RightsRequestStatus.VERIFIED
            || r.status() == RightsRequestStatus.IN_PROGRESS)
        && (r.subjectId() != null || r.requesterAddress() != null);
  }

  /**
   * Writes the requester's export, records it in the history and returns its download link.
   *
   * @throws IllegalStateException when the request cannot be exported
   */
  public PreparedExport prepare(String reference, String actor) throws IOException {
    RightsRequest r =
        requests
            .byReference(reference)
            .orElseThrow(() -> new IllegalStateException("no rights request " + reference));
    if (!exportable(r)) {
      throw new IllegalStateException(
          "Only a verified access or portability request that is still open can be exported.");
    }
    ServedProperty property = catalog.byId(r.property()).orElseThrow();
    // A person known by an account and an address is exported under both, as they are erased.
    List<String> subjects =
        Stream.of(r.subjectId(), r.requesterAddress()).filter(Objects::nonNull).distinct().toList();
    createDirectory();
    String fileName = HexFormat.of().formatHex(bytes(16)) + ".zip";
    Path file = dir.resolve(fileName);
    SubjectExporter.ExportSummary summary;
    try (OutputStream out =
        Files.newOutputStream(
            Files.createFile(
                file,
                PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------"))))) {
      summary = exporter.export(r.property(), subjects, out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
    String token = RightsRequests.newToken(random);
    Instant now = clock.instant();
    Instant expires = now.plus(linkTtl);
    String link = links.tokenLink(property, ExportDownloadController.PATH, token);
    // The record, its history note and the requester's e-mail commit together.
    boolean mailed = notices.confirmedAddress(reference);
    tx.executeWithoutResult(
        t -> {
          long exportId =
              jdbc.sql(
                      """
                      insert into rights_request_export
                        (request_id, file_name, items, token_hash, created_at, expires_at)
                      select id, :file, :items, :hash, :now, :exp from rights_request
                      where reference = :r
                      returning id
                      """)
                  .param("file", fileName)
                  .param("items", summary.items())
                  .param("hash", RightsRequests.sha256(token))
                  .param("now", Timestamp.from(now))
                  .param("exp", Timestamp.from(expires))
                  .param("r", reference)
                  .query(Long.class)
                  .single();
          requests.note(
              reference,
              "export",
              "export prepared: "
                  + summary.items()
                  + " item(s) in "
                  + summary.lines().stream()
                      .map(SubjectExporter.ExportLine::category)
                      .distinct()
                      .count()
                  + " categor(ies); single-use download link valid until "
                  + expires
                  + (mailed
                      ? "; link e-mailed to the requester"
                      : "; no confirmed address: send the link yourself"),
              actor);
          notices.exportReady(r, link, token, expires, exportId);
        });
    return new PreparedExport(summary.items(), link, expires, mailed);
  }

  /**
   * Consumes a download token of {@code property}: the export file, which the caller streams and
   * then {@linkplain #delete deletes}. Empty for a used, expired or unknown token.
   */
  Optional<Path> consume(String property, String token) {
    if (token == null || token.isBlank() || token.strip().length() > 200) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            update rights_request_export e set downloaded_at = :now
            from rights_request r
            where e.request_id = r.id and r.property_id = :p and e.token_hash = :hash
              and e.downloaded_at is null and e.expires_at > :now
            returning e.file_name
            """)
        .param("now", Timestamp.from(clock.instant()))
        .param("p", property)
        .param("hash", RightsRequests.sha256(token.strip()))
        .query(String.class)
        .optional()
        .map(dir::resolve)
        .filter(Files::isRegularFile);
  }

  /**
   * Deletes the files of exports whose link expired unused: a copy of someone's data must not
   * outlive the link that was its only way out. Returns how many were deleted.
   */
  public int deleteExpiredFiles() {
    Timestamp now = Timestamp.from(clock.instant());
    List<String> files =
        jdbc.sql(
                """
                update rights_request_export set file_deleted_at = :now
                where expires_at <= :now and downloaded_at is null and file_deleted_at is null
                returning file_name
                """)
            .param("now", now)
            .query(String.class)
            .list();
    for (String name : files) {
      delete(dir.resolve(name));
    }
    return files.size();
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException("Could not delete a downloaded export", e);
    }
  }

  private void createDirectory() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
