package dev.pledge.server.rights;

import com.google.crypto.tink.StreamingAead;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.SubjectExporter;
import dev.pledge.server.shared.HumanFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exports for access and portability requests (issue 6, A-15, B-27): the operator prepares the
 * requester's ZIP as a personal blob of category {@value #CATEGORY} in the person's region store
 * (B-23; local disk or S3 per configuration, so any instance can serve its link), the preparation
 * is recorded in the request's history, and the requester downloads it once through a link that
 * expires, e-mailed to a confirmed address; the token is stored only as a hash (the e-mail's body
 * is cleared once sent), and the file is deleted after the download.
 *
 * <p>The ZIP is encrypted with the person's own keyset ({@link PersonalKeys}, B-10) as it is
 * written, so the disk and its backups hold no plaintext copy, and an erasure that destroys the
 * keyset makes a file still waiting for its download unreadable. An export prepared before exports
 * were blobs lies under {@code {data-dir}/exports/} ({@code *.zip.tink} encrypted, a plain {@code
 * *.zip} before that): served and deleted as before.
 */
@Service
public class RequestExports {

  private static final Set<RightsRequestKind> KINDS =
      EnumSet.of(RightsRequestKind.ACCESS, RightsRequestKind.PORTABILITY);

  /** The blob category of exports waiting for their download. */
  static final String CATEGORY = "rights.exports";

  /** The name ending of an export encrypted with the person's keyset. */
  static final String ENCRYPTED = ".zip.tink";

  /** A file no record names is a leftover once this old (see {@link #deleteStrayFiles}). */
  private static final Duration STRAY_AFTER = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(RequestExports.class);

  private final SecureRandom random = new SecureRandom();
  private final SubjectExporter exporter;
  private final RightsRequests requests;
  private final RightsAcknowledgements links;
  private final PolicyCatalog catalog;
  private final RequestNotices notices;
  private final RequestAudit audit;
  private final RequestSubjects subjects;
  private final PersonalKeys keys;
  private final PersonalBlobs blobs;
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
      RequestAudit audit,
      RequestSubjects subjects,
      PersonalKeys keys,
      PersonalBlobs blobs,
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
    this.audit = audit;
    this.subjects = subjects;
    this.keys = keys;
    this.blobs = blobs;
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
  // Serializable: the console shows it once after a redirect, as a flash attribute, and flash
  // attributes live in the console's session, which is stored in PostgreSQL (console_session).
  public record PreparedExport(long items, String link, Instant expiresAt, boolean mailed)
      implements java.io.Serializable {}

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
    // A request by address alone reaches the account that address signs in to (B-27).
    List<String> subjects = this.subjects.of(r);
    // Under the keyset of the person the request is for (its account, else its address): the one
    // an erasure of that person destroys; in the store of their region, as their other files.
    String owner = subjects.get(0);
    String fileName = HexFormat.of().formatHex(bytes(16)) + ".zip";
    SubjectExporter.ExportSummary[] written = new SubjectExporter.ExportSummary[1];
    blobs.write(
        r.property(),
        owner,
        CATEGORY,
        fileName,
        "application/zip",
        this.subjects.regionOf(r.property(), owner),
        out -> written[0] = exporter.export(r.property(), subjects, out));
    SubjectExporter.ExportSummary summary = written[0];
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
          long categories =
              summary.lines().stream().map(SubjectExporter.ExportLine::category).distinct().count();
          requests.note(
              reference,
              "export",
              "export prepared: "
                  + HumanFormat.plural(summary.items(), "item")
                  + " in "
                  + HumanFormat.plural(categories, "category")
                  + "; single-use download link valid until "
                  + HumanFormat.moment(expires, requests.zone())
                  + (mailed
                      ? "; link e-mailed to the requester"
                      : "; no confirmed address: send the link yourself"),
              actor);
          notices.exportReady(r, link, token, expires, exportId);
          audit.exportPrepared(
              reference, r.property(), summary.items(), categories, expires, actor);
        });
    return new PreparedExport(summary.items(), link, expires, mailed);
  }

  /**
   * A consumed export: its blob (or, prepared before, its file), which the caller {@linkplain #open
   * opens}, streams and then {@linkplain #delete deletes}.
   *
   * @param file its name under the exports directory (its blob's name)
   * @param property the request's property
   * @param reference the request's reference, whose person's keyset decrypts it
   */
  record Download(Path file, String property, String reference) {}

  /**
   * Consumes a download token of {@code property}: the export, which the caller opens, streams and
   * then deletes. Empty for a used, expired or unknown token.
   */
  Optional<Download> consume(String property, String token) {
    if (token == null || token.isBlank() || token.strip().length() > 200) {
      return Optional.empty();
    }
    // The download is a disclosure of personal data: its audit entry commits with the spent token.
    return tx.execute(
        t ->
            jdbc.sql(
                    """
                    update rights_request_export e set downloaded_at = :now
                    from rights_request r
                    where e.request_id = r.id and r.property_id = :p and e.token_hash = :hash
                      and e.downloaded_at is null and e.expires_at > :now
                    returning e.file_name, e.items, r.reference
                    """)
                .param("now", Timestamp.from(clock.instant()))
                .param("p", property)
                .param("hash", RightsRequests.sha256(token.strip()))
                .query(
                    (rs, i) -> {
                      audit.exportDownloaded(
                          rs.getString("reference"), property, rs.getLong("items"));
                      return new Download(
                          dir.resolve(rs.getString("file_name")),
                          property,
                          rs.getString("reference"));
                    })
                .optional()
                .filter(d -> owner(d).isPresent() || Files.isRegularFile(d.file())));
  }

  /** The person whose export blob {@code d} is, or empty when it is no blob (or gone). */
  private Optional<String> owner(Download d) {
    String name = d.file().getFileName().toString();
    Optional<RightsRequest> r = requests.byReference(d.reference());
    if (r.isEmpty()) {
      return Optional.empty();
    }
    return subjects.of(r.get()).stream()
        .filter(
            s ->
                blobs.list(d.property(), s).stream()
                    .anyMatch(b -> b.category().equals(CATEGORY) && b.name().equals(name)))
        .findFirst();
  }

  /**
   * The export's ZIP, decrypted with its person's keyset as it is read.
   *
   * @throws IOException when it cannot be decrypted: the person's keyset was destroyed by an
   *     erasure, or the file was altered
   */
  InputStream open(Download d) throws IOException {
    Optional<String> owner = owner(d);
    if (owner.isPresent()) {
      return blobs.open(d.property(), owner.get(), CATEGORY, d.file().getFileName().toString());
    }
    InputStream raw = Files.newInputStream(d.file());
    String name = d.file().getFileName().toString();
    if (!name.endsWith(ENCRYPTED)) {
      return raw; // prepared before exports were encrypted
    }
    try {
      RightsRequest r =
          requests
              .byReference(d.reference())
              .orElseThrow(() -> new IOException("the export's request is gone"));
      Optional<StreamingAead> aead = keys.forReading(d.property(), subjects.of(r).get(0));
      if (aead.isEmpty()) {
        throw new IOException("the export's person was erased: their keyset is destroyed");
      }
      return aead.get().newDecryptingStream(raw, associatedData(name));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      raw.close();
      throw e instanceof IOException io ? io : new IOException("the export cannot be decrypted", e);
    }
  }

  /**
   * At the end of an erasure of {@code subjects}: destroys each one's keyset that no personal blob
   * needs any more, so that an export still waiting for its download becomes unreadable. A property
   * with blob stores has their erasure destroy it already; one without (the reference site) would
   * otherwise keep the keyset its exports were encrypted with. Joins the caller's transaction.
   */
  void shredKeys(String property, List<String> subjects) {
    for (String subject : subjects) {
      // Their exports first: a blob left would keep the keyset (PersonalBlobStore.erase).
      for (PersonalBlobs.PersonalBlob b : blobs.list(property, subject)) {
        if (b.category().equals(CATEGORY)) {
          deleteBlob(property, subject, b.name());
        }
      }
      if (blobs.list(property, subject).isEmpty()) {
        keys.destroy(property, subject);
      }
    }
  }

  /**
   * Binds an export's ciphertext to its file name: a file renamed onto another does not decrypt.
   */
  private static byte[] associatedData(String fileName) {
    return ("pledge rights export\n" + fileName).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * What became of an export link, for the page that offers the download: whether it can still be
   * used, or when it was used or expired. Empty for a token that was never issued for {@code
   * property}.
   */
  Optional<LinkState> state(String property, String token) {
    if (token == null || token.isBlank() || token.strip().length() > 200) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    return jdbc.sql(
            """
            select e.downloaded_at, e.expires_at from rights_request_export e
            join rights_request r on r.id = e.request_id
            where r.property_id = :p and e.token_hash = :hash
            """)
        .param("p", property)
        .param("hash", RightsRequests.sha256(token.strip()))
        .query(
            (rs, i) -> {
              Timestamp used = rs.getTimestamp("downloaded_at");
              Instant expires = rs.getTimestamp("expires_at").toInstant();
              if (used != null) {
                return new LinkState(LinkState.Kind.USED, used.toInstant());
              }
              return expires.isAfter(now)
                  ? new LinkState(LinkState.Kind.USABLE, expires)
                  : new LinkState(LinkState.Kind.EXPIRED, expires);
            })
        .optional();
  }

  /**
   * Where a download link stands.
   *
   * @param kind usable, used or expired
   * @param at when it was used, or when it expires or expired
   */
  record LinkState(Kind kind, Instant at) {
    enum Kind {
      USABLE,
      USED,
      EXPIRED
    }
  }

  /**
   * Deletes the files of exports whose link expired unused: a copy of someone's data must not
   * outlive the link that was its only way out. Returns how many were deleted.
   */
  public int deleteExpiredFiles() {
    Timestamp now = Timestamp.from(clock.instant());
    List<Download> files =
        tx.execute(
            t ->
                jdbc.sql(
                        """
                        update rights_request_export e set file_deleted_at = :now
                        from rights_request r
                        where r.id = e.request_id and e.expires_at <= :now
                          and e.downloaded_at is null and e.file_deleted_at is null
                        returning e.file_name, e.items, r.reference, r.property_id
                        """)
                    .param("now", now)
                    .query(
                        (rs, i) -> {
                          audit.exportDiscarded(
                              rs.getString("reference"),
                              rs.getString("property_id"),
                              rs.getLong("items"));
                          return new Download(
                              dir.resolve(rs.getString("file_name")),
                              rs.getString("property_id"),
                              rs.getString("reference"));
                        })
                    .list());
    for (Download d : files) {
      delete(d);
    }
    return files.size() + deleteStrayFiles();
  }

  /**
   * An export's file is written before its record commits: a process killed in between (or a failed
   * commit) leaves a copy of someone's data that no record names, so no link, expiry or erasure
   * would ever reach it. Deletes such files once they are an hour old, by which time no export
   * still writing or committing can own them (issue 18, found by bench/faults/jobs.sh).
   */
  int deleteStrayFiles() {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    Set<String> recorded =
        Set.copyOf(
            jdbc.sql("select file_name from rights_request_export").query(String.class).list());
    Instant before = clock.instant().minus(STRAY_AFTER);
    List<Path> stray;
    try (Stream<Path> listed = Files.list(dir)) {
      stray =
          listed
              .filter(
                  f ->
                      f.getFileName().toString().endsWith(".zip")
                          || f.getFileName().toString().endsWith(ENCRYPTED))
              .filter(f -> !recorded.contains(f.getFileName().toString()))
              .filter(f -> modified(f).isBefore(before))
              .toList();
    } catch (IOException e) {
      throw new IllegalStateException("Could not list the export directory", e);
    }
    stray.forEach(this::delete);
    if (!stray.isEmpty()) {
      log.info("Deleted {} export file(s) that no export record names", stray.size());
    }
    return stray.size();
  }

  private static Instant modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toInstant();
    } catch (IOException e) {
      return Instant.MAX; // gone or unreadable: not ours to judge now
    }
  }

  /** Deletes a downloaded or discarded export: its blob, or its file prepared before. */
  void delete(Download d) {
    owner(d).ifPresent(o -> deleteBlob(d.property(), o, d.file().getFileName().toString()));
    delete(d.file());
  }

  private void deleteBlob(String property, String owner, String name) {
    try {
      blobs.delete(property, owner, CATEGORY, name);
    } catch (IOException e) {
      throw new IllegalStateException("Could not delete an export from its blob store", e);
    }
    jdbc.sql(
            "update rights_request_export set file_deleted_at = :now"
                + " where file_name = :n and file_deleted_at is null")
        .param("now", Timestamp.from(clock.instant()))
        .param("n", name)
        .update();
  }

  void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new IllegalStateException("Could not delete a downloaded export", e);
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
