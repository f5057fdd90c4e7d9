package dev.pledge.server.blobs;

import com.google.crypto.tink.StreamingAead;
import dev.pledge.server.processors.ProcessorGate;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Personal files (images, edits, documents) of one person of one property, encrypted with that
 * person's keyset ({@link PersonalKeys}) before they reach the blob backend, under a random object
 * key: the disk or bucket holds ciphertext only, and an erasure that destroys the keyset makes
 * every copy unreadable, backups included. The metadata (category, name, type, size, collection
 * time) is in {@code personal_blob}, where the person appears as the audit trail's keyed hash.
 *
 * <p>Blobs are addressed by property, person, policy category and a name unique among the person's
 * blobs of that category. A {@link PersonalBlobStore} per category lets the retention engine
 * expire, erase and export them.
 */
public class PersonalBlobs {

  private static final Pattern CATEGORY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,127}");
  private static final Pattern CONTENT_TYPE =
      Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
  private static final int MAX_NAME = 255;

  private final JdbcClient jdbc;
  private final PersonalKeys keys;
  private final BlobBackend backend;
  private final Path incoming;
  private final Clock clock;
  private ProcessorGate gate;
  private String processor;

  PersonalBlobs(
      JdbcClient jdbc, PersonalKeys keys, BlobBackend backend, Path incoming, Clock clock) {
    this.jdbc = jdbc;
    this.keys = keys;
    this.backend = backend;
    this.incoming = incoming;
    this.clock = clock;
  }

  /**
   * Sends every blob through {@code gate} as data for {@code processor}, the policy's processor
   * that runs the store; nothing when {@code processor} is empty (the operator's own store).
   */
  PersonalBlobs through(ProcessorGate gate, String processor) {
    this.gate = gate;
    this.processor = processor == null || processor.isBlank() ? null : processor.strip();
    return this;
  }

  /**
   * One stored blob.
   *
   * @param id its id
   * @param property the property
   * @param category the policy category holding it
   * @param name its name, unique among the person's blobs of the category
   * @param contentType its media type
   * @param size its plaintext size in bytes
   * @param createdAt when it was collected (the retention anchor)
   */
  public record PersonalBlob(
      UUID id,
      String property,
      String category,
      String name,
      String contentType,
      long size,
      Instant createdAt) {}

  /** A blob's row with the object key, for the store. */
  record Stored(PersonalBlob blob, String objectKey) {}

  /**
   * Encrypts {@code content} with the person's keyset (created on first use) and stores it.
   *
   * @throws IllegalArgumentException for a malformed category, name or type, or a name already used
   *     in the category (delete the old blob first)
   */
  public PersonalBlob put(
      String property,
      String subjectId,
      String category,
      String name,
      String contentType,
      InputStream content)
      throws IOException {
    return put(property, subjectId, category, name, contentType, content, null);
  }

  /**
   * Like {@link #put(String, String, String, String, String, InputStream)}, for a person whose data
   * is stored in {@code region} (B-23): the bytes go to that region's store and nowhere else.
   *
   * @param region the person's storage region ({@code us}, {@code eu}, {@code apac}), or null for
   *     the default store
   */
  public PersonalBlob put(
      String property,
      String subjectId,
      String category,
      String name,
      String contentType,
      InputStream content,
      String region)
      throws IOException {
    return write(property, subjectId, category, name, contentType, region, content::transferTo);
  }

  /** Writes a blob's plaintext to the stream it is given, which encrypts it as it goes. */
  @FunctionalInterface
  public interface Content {
    /** Writes the whole plaintext to {@code out}; need not close it. */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Like {@link #put(String, String, String, String, String, InputStream, String)}, for content
   * produced by writing (a ZIP built as it is exported): {@code content} writes the plaintext to an
   * encrypting stream, so no plaintext copy touches the disk.
   */
  public PersonalBlob write(
      String property,
      String subjectId,
      String category,
      String name,
      String contentType,
      String region,
      Content content)
      throws IOException {
    checkCategory(category);
    checkName(name);
    String type = contentType == null ? "application/octet-stream" : contentType.toLowerCase();
    if (!CONTENT_TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "the content type of a personal blob must be a media type such as image/jpeg, not '"
              + contentType
              + "'");
    }
    String ref = keys.subjectReference(subjectId);
    if (find(property, ref, category, name).isPresent()) {
      throw new IllegalArgumentException(
          "the person already has a blob of that name in category "
              + category
              + ": delete it first, or choose another name");
    }
    if (processor != null) {
      gate.send(property, processor, category); // refuses before anything is written
    }
    StreamingAead aead = keys.forWriting(property, subjectId);
    UUID id = UUID.randomUUID();
    String objectKey = RegionalBlobBackend.key(region, id.toString());
    Files.createDirectories(incoming);
    Path part = Files.createTempFile(incoming, "blob-", ".part");
    long size;
    try {
      try (Counting enc =
          new Counting(
              aead.newEncryptingStream(Files.newOutputStream(part), associatedData(objectKey)))) {
        content.writeTo(enc);
        size = enc.count;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Could not encrypt a personal blob", e);
      }
      backend.put(objectKey, part);
    } finally {
      Files.deleteIfExists(part);
    }
    Instant now = clock.instant();
    int inserted;
    try {
      // Only while the person's keyset still exists: an erasure that ran meanwhile wins.
      inserted =
          jdbc.sql(
                  "insert into personal_blob (id, property_id, subject_ref, category, name,"
                      + " content_type, size, created_at, object_key)"
                      + " select :id, :p, :s, :c, :n, :t, :size, :at, :k where exists (select 1"
                      + " from subject_keyset where property_id = :p and subject_ref = :s)")
              .param("id", id)
              .param("p", property)
              .param("s", ref)
              .param("c", category)
              .param("n", name)
              .param("t", type)
              .param("size", size)
              .param("at", Timestamp.from(now))
              .param("k", objectKey)
              .update();
    } catch (DuplicateKeyException e) {
      backend.delete(objectKey);
      throw new IllegalArgumentException(
          "the person already has a blob of that name in category "
              + category
              + ": delete it first, or choose another name");
    }
    if (inserted == 0) {
      backend.delete(objectKey);
      throw new IllegalStateException(
          "the person's keys were destroyed by an erasure while the blob was stored: it was not"
              + " kept");
    }
    return new PersonalBlob(id, property, category, name, type, size, now);
  }

  /** The person's blobs of the property, by category and name. */
  public List<PersonalBlob> list(String property, String subjectId) {
    return jdbc.sql(
            "select * from personal_blob where property_id = :p and subject_ref = :s"
                + " order by category, name")
        .param("p", property)
        .param("s", keys.subjectReference(subjectId))
        .query((rs, i) -> stored(rs).blob())
        .list();
  }

  /**
   * The decrypted content of a blob, streamed. Reading fails with {@link UnreadableBlobException}
   * when the stored bytes were altered, truncated or lost, or the person's keys destroyed.
   *
   * @throws java.util.NoSuchElementException when the person has no such blob
   */
  public InputStream open(String property, String subjectId, String category, String name)
      throws IOException {
    Stored s =
        find(property, keys.subjectReference(subjectId), category, name)
            .orElseThrow(
                () ->
                    new java.util.NoSuchElementException(
                        "the person has no blob of that name in category "
                            + category
                            + " of "
                            + property
                            + " (list() gives the names)"));
    return open(s, subjectId);
  }

  /** The decrypted content of a blob, whole. */
  public byte[] read(String property, String subjectId, String category, String name)
      throws IOException {
    try (InputStream in = open(property, subjectId, category, name)) {
      return in.readAllBytes();
    }
  }

  /**
   * Chooses how long one blob is kept, for a category whose policy gives a range chosen by plan or
   * person (B-18, B-19): {@code period} (clamped to the range when the store expires it), or the
   * policy's default when null. False when the person has no such blob.
   */
  public boolean keepFor(
      String property,
      String subjectId,
      String category,
      String name,
      dev.pledge.policy.PolicyDuration period) {
    return setKeep(
        property, subjectId, category, name, period == null ? null : period.text(), false);
  }

  /**
   * Keeps one blob as long as its category's range allows: for ever where the range's maximum is
   * permanent, else that maximum. False when the person has no such blob.
   */
  public boolean keepPermanently(String property, String subjectId, String category, String name) {
    return setKeep(property, subjectId, category, name, null, true);
  }

  private boolean setKeep(
      String property,
      String subjectId,
      String category,
      String name,
      String period,
      boolean permanently) {
    return jdbc.sql(
                "update personal_blob set keep_for = cast(:k as interval), keep_permanently = :perm"
                    + " where property_id = :p and subject_ref = :s and category = :c and name = :n")
            .param("k", period, java.sql.Types.VARCHAR)
            .param("perm", permanently)
            .param("p", property)
            .param("s", keys.subjectReference(subjectId))
            .param("c", category)
            .param("n", name)
            .update()
        > 0;
  }

  /** Deletes one blob; false when the person has no such blob. */
  public boolean delete(String property, String subjectId, String category, String name)
      throws IOException {
    Optional<Stored> s = find(property, keys.subjectReference(subjectId), category, name);
    if (s.isEmpty()) {
      return false;
    }
    // The object goes first: a crash in between leaves a row to delete again, never an orphan.
    backend.delete(s.get().objectKey());
    jdbc.sql("delete from personal_blob where id = :id").param("id", s.get().blob().id()).update();
    return true;
  }

  /**
   * Deletes every blob of a person known only by their subject reference (objects first, then
   * rows): a restore re-applies an erasure from the erasure ledger, which names people by reference
   * only. Returns how many were deleted.
   */
  public int deleteAllOfReference(String property, String subjectReference) throws IOException {
    List<String> objectKeys =
        jdbc.sql("select object_key from personal_blob where property_id = :p and subject_ref = :s")
            .param("p", property)
            .param("s", subjectReference)
            .query(String.class)
            .list();
    for (String key : objectKeys) {
      backend.delete(key);
    }
    jdbc.sql("delete from personal_blob where property_id = :p and subject_ref = :s")
        .param("p", property)
        .param("s", subjectReference)
        .update();
    return objectKeys.size();
  }

  InputStream open(Stored s, String subjectId) throws IOException {
    StreamingAead aead =
        keys.forReading(s.blob().property(), subjectId)
            .orElseThrow(
                () ->
                    new UnreadableBlobException(
                        "blob "
                            + s.blob().id()
                            + " cannot be decrypted: the person's keys were destroyed"));
    InputStream raw;
    try {
      raw = backend.open(s.objectKey());
    } catch (NoSuchFileException e) {
      throw new UnreadableBlobException(
          "blob "
              + s.blob().id()
              + " is missing from "
              + backend.description()
              + ": restore it from a backup or delete the blob",
          e);
    }
    try {
      return new Decrypting(
          aead.newDecryptingStream(raw, associatedData(s.objectKey())), s.blob().id());
    } catch (GeneralSecurityException e) {
      raw.close();
      throw new UnreadableBlobException("blob " + s.blob().id() + " cannot be decrypted", e);
    }
  }

  /**
   * Where a blob lies (B-23).
   *
   * @param region the storage region it was stored for, or null for the default store
   * @param present whether that region's store holds its bytes
   */
  public record Placement(String region, boolean present) {}

  /** Where the person's blob lies, or empty when they have no such blob. */
  public Optional<Placement> placement(
      String property, String subjectId, String category, String name) {
    return find(property, keys.subjectReference(subjectId), category, name)
        .map(
            s -> {
              boolean present;
              try (InputStream in = backend.open(s.objectKey())) {
                present = true;
              } catch (IOException | RuntimeException e) {
                present = false;
              }
              return new Placement(RegionalBlobBackend.regionOf(s.objectKey()), present);
            });
  }

  BlobBackend backend() {
    return backend;
  }

  JdbcClient jdbc() {
    return jdbc;
  }

  PersonalKeys keys() {
    return keys;
  }

  Optional<Stored> find(String property, String subjectRef, String category, String name) {
    return jdbc.sql(
            "select * from personal_blob where property_id = :p and subject_ref = :s"
                + " and category = :c and name = :n")
        .param("p", property)
        .param("s", subjectRef)
        .param("c", category)
        .param("n", name)
        .query((rs, i) -> stored(rs))
        .optional();
  }

  static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(
        new PersonalBlob(
            rs.getObject("id", UUID.class),
            rs.getString("property_id"),
            rs.getString("category"),
            rs.getString("name"),
            rs.getString("content_type"),
            rs.getLong("size"),
            rs.getTimestamp("created_at").toInstant()),
        rs.getString("object_key"));
  }

  /** Binds a ciphertext to its object: one object's bytes put under another key do not decrypt. */
  private static byte[] associatedData(String objectKey) {
    return ("pledge personal blob\n" + objectKey).getBytes(StandardCharsets.UTF_8);
  }

  static void checkCategory(String category) {
    if (category == null || !CATEGORY.matcher(category).matches()) {
      throw new IllegalArgumentException(
          "a personal blob's category must be a policy category id such as user.content.images"
              + " (lower-case letters, digits, dots, dashes)");
    }
  }

  static void checkName(String name) {
    if (name == null
        || name.isBlank()
        || name.length() > MAX_NAME
        || name.equals(".")
        || name.equals("..")
        || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '/' || c == '\\')) {
      throw new IllegalArgumentException(
          "a personal blob's name must be 1-"
              + MAX_NAME
              + " characters without slashes or control characters, e.g. photo-42.jpg");
    }
  }

  /** Counts the plaintext bytes written through it: a blob's size. */
  private static final class Counting extends java.io.FilterOutputStream {
    private long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }

  /** Turns Tink's authentication failures into a message that says what happened. */
  private static final class Decrypting extends FilterInputStream {
    private final UUID id;

    Decrypting(InputStream in, UUID id) {
      super(in);
      this.id = id;
    }

    @Override
    public int read() throws IOException {
      try {
        return super.read();
      } catch (IOException e) {
        throw unreadable(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return super.read(b, off, len);
      } catch (IOException e) {
        throw unreadable(e);
      }
    }

    private UnreadableBlobException unreadable(IOException e) {
      if (e instanceof UnreadableBlobException u) {
        return u;
      }
      return new UnreadableBlobException(
          "blob "
              + id
              + " cannot be decrypted: its stored bytes were altered or truncated; restore it from"
              + " a backup or delete the blob",
          e);
    }
  }
}
