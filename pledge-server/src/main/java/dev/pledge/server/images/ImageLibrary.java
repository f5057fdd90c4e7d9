package dev.pledge.server.images;

import dev.pledge.policy.PolicyDuration;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.studio.Studio;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Images and their files: an upload cleaned at the door and stored encrypted under the owner's key
 * (B-15), each edit's result stored the same way, the per-image retention applied to every file
 * (B-18, B-19), and deletion for real — files erased, rows deleted, an audit entry kept as the
 * receipt (B-28).
 */
@Component
class ImageLibrary {

  private final StudioAccounts accounts;
  private final ImageRecords records;
  private final PersonalBlobs blobs;
  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final AuditTrail audit;
  private final Clock clock;
  private final ImagePlans plans;

  ImageLibrary(
      ImageRecords records,
      PersonalBlobs blobs,
      Studio studio,
      JdbcClient jdbc,
      TransactionTemplate tx,
      AuditTrail audit,
      Clock clock,
      ImagePlans plans,
      StudioAccounts accounts) {
    this.accounts = accounts;
    this.plans = plans;
    this.records = records;
    this.blobs = blobs;
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.audit = audit;
    this.clock = clock;
  }

  /** A stored upload: the image, its first version and what was removed. */
  record Uploaded(ImageRecords.Image image, ImageRecords.Version version) {}

  /**
   * Stores a cleaned upload as a new image of {@code project}, owned by the project's owner (whose
   * key encrypts it).
   */
  Uploaded store(ImageRecords.Project project, String name, CleanImage clean) {
    Instant now = clock.instant();
    String imageId = ImageRecords.newId();
    String versionId = ImageRecords.newId();
    RemovedMetadata removed = clean.removed();
    ImageRecords.Image image =
        new ImageRecords.Image(
            imageId, project.owner(), project.id(), name, "default", removed, now);
    String blobName = versionId + "." + clean.format().extension();
    ImageRecords.Version version =
        new ImageRecords.Version(
            versionId,
            imageId,
            project.owner(),
            null,
            "source",
            ImageRecords.SOURCE_CATEGORY,
            blobName,
            clean.format().mediaType(),
            clean.shownWidth(),
            clean.shownHeight(),
            clean.bytes().length,
            null,
            false,
            null,
            now);
    put(
        project.owner(),
        ImageRecords.SOURCE_CATEGORY,
        blobName,
        clean.format().mediaType(),
        clean.bytes());
    keepBlob(image, ImageRecords.SOURCE_CATEGORY, blobName);
    try {
      tx.executeWithoutResult(
          t -> {
            records.insertImage(image);
            records.insertVersion(version, versionKeep(image, ImageRecords.SOURCE_CATEGORY));
          });
    } catch (RuntimeException e) {
      deleteBlob(project.owner(), ImageRecords.SOURCE_CATEGORY, blobName);
      throw e;
    }
    return new Uploaded(image, version);
  }

  /** Stores an edit's result as a new version of {@code image} (the caller records the job). */
  ImageRecords.Version storeEdit(
      ImageRecords.Image image,
      String parentId,
      String jobId,
      ImageFormat format,
      byte[] bytes,
      int width,
      int height,
      Instant at) {
    String versionId = ImageRecords.newId();
    String blobName = versionId + "." + format.extension();
    put(image.owner(), ImageRecords.EDITED_CATEGORY, blobName, format.mediaType(), bytes);
    keepBlob(image, ImageRecords.EDITED_CATEGORY, blobName);
    return new ImageRecords.Version(
        versionId,
        image.id(),
        image.owner(),
        parentId,
        "edit",
        ImageRecords.EDITED_CATEGORY,
        blobName,
        format.mediaType(),
        width,
        height,
        bytes.length,
        null,
        false,
        jobId,
        at);
  }

  /**
   * Stores an object the browser sealed in a private vault (B-11) as a new image of {@code
   * project}, or, with a non-null {@code image}, as a new version of it whose parent is {@code
   * parentId}. The server cannot read it: no size in pixels, no metadata, no name of the file; it
   * is still encrypted at rest under the owner's key like every personal file.
   */
  Uploaded storeSealed(
      ImageRecords.Project project, ImageRecords.Image image, String parentId, byte[] sealed) {
    Instant now = clock.instant();
    boolean source = image == null;
    ImageRecords.Image target =
        source
            ? new ImageRecords.Image(
                ImageRecords.newId(),
                project.owner(),
                project.id(),
                VaultController.SEALED_NAME,
                "default",
                RemovedMetadata.decode(""),
                now)
            : image;
    String category = source ? ImageRecords.SOURCE_CATEGORY : ImageRecords.EDITED_CATEGORY;
    String versionId = ImageRecords.newId();
    String blobName = versionId + ".sealed";
    ImageRecords.Version version =
        new ImageRecords.Version(
            versionId,
            target.id(),
            target.owner(),
            parentId,
            source ? "source" : "edit",
            category,
            blobName,
            ImageVaults.SEALED_TYPE,
            0,
            0,
            sealed.length,
            null,
            false,
            null,
            now);
    put(target.owner(), category, blobName, ImageVaults.SEALED_TYPE, sealed);
    keepBlob(target, category, blobName);
    try {
      tx.executeWithoutResult(
          t -> {
            if (source) {
              records.insertImage(target);
            }
            records.insertVersion(version, versionKeep(target, category));
          });
    } catch (RuntimeException e) {
      deleteBlob(target.owner(), category, blobName);
      throw e;
    }
    return new Uploaded(target, version);
  }

  /**
   * The period a file (and its version row) keeps under the image's retention choice, as ISO-8601,
   * or null for permanent: {@code default} is the owner's plan's default when the file is stored.
   */
  String versionKeep(ImageRecords.Image image, String category) {
    return switch (image.retention()) {
      case "default" -> plans.defaultRetention(image.owner());
      case "permanent" -> null;
      default -> image.retention();
    };
  }

  private void put(String owner, String category, String name, String mediaType, byte[] bytes) {
    // Into the store of the owner's region, and nowhere else (B-23).
    String region = accounts.byId(owner).map(StudioAccount::region).orElse(null);
    try {
      blobs.put(
          studio.id(), owner, category, name, mediaType, new ByteArrayInputStream(bytes), region);
    } catch (IOException e) {
      throw new UncheckedIOException("could not store an image file", e);
    }
  }

  private void keepBlob(ImageRecords.Image image, String category, String name) {
    String keep = versionKeep(image, category);
    if (keep == null) {
      blobs.keepPermanently(studio.id(), image.owner(), category, name);
    } else {
      blobs.keepFor(studio.id(), image.owner(), category, name, PolicyDuration.parse(keep));
    }
  }

  /** A version's file, decrypted. */
  InputStream open(ImageRecords.Version v) throws IOException {
    return blobs.open(studio.id(), v.owner(), v.blobCategory(), v.blobName());
  }

  byte[] read(ImageRecords.Version v) throws IOException {
    try (InputStream in = open(v)) {
      return in.readAllBytes();
    }
  }

  /** Whether the version's file is still there (retention may have taken it). */
  boolean present(ImageRecords.Version v) {
    return jdbc.sql(
                "select count(*) from personal_blob b where b.property_id = :p and b.category = :c"
                    + " and b.name = :n")
            .param("p", studio.id())
            .param("c", v.blobCategory())
            .param("n", v.blobName())
            .query(Long.class)
            .single()
        > 0;
  }

  /**
   * Sets the image's retention — {@code default}, {@code permanent} or a period — on the image,
   * every version row and every file (B-18, B-19).
   */
  void setRetention(ImageRecords.Image image, String retention) {
    ImageRecords.Image updated =
        new ImageRecords.Image(
            image.id(),
            image.owner(),
            image.projectId(),
            image.name(),
            retention,
            image.removed(),
            image.createdAt());
    tx.executeWithoutResult(
        t -> {
          records.setRetention(image.id(), retention);
          for (String category :
              List.of(ImageRecords.SOURCE_CATEGORY, ImageRecords.EDITED_CATEGORY)) {
            records.keepVersions(image.id(), category, versionKeep(updated, category));
          }
          for (ImageRecords.Version v : records.versionsOf(image.id())) {
            keepBlob(updated, v.blobCategory(), v.blobName());
          }
        });
  }

  /**
   * When the image's files go, as the engine will expire them: per category, the date its oldest
   * file is due, or empty for permanent.
   */
  Optional<Instant> dueAt(ImageRecords.Image image, ImageRecords.Version v) {
    String keep = versionKeep(image, v.blobCategory());
    if (keep == null) {
      return Optional.empty();
    }
    return Optional.of(
        PolicyDuration.parse(keep)
            .addTo(java.time.LocalDateTime.ofInstant(v.createdAt(), java.time.ZoneOffset.UTC))
            .toInstant(java.time.ZoneOffset.UTC));
  }

  // ---------------------------------------------------------------------------------- deletion

  /**
   * Deletes one version for real: its file, its row and the record of the edit that made it; its
   * children hang from its parent instead.
   */
  void deleteVersion(String actor, ImageRecords.Version v) {
    deleteBlob(v.owner(), v.blobCategory(), v.blobName());
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("update image_version set parent_id = :p where parent_id = :v")
              .param("p", v.parentId())
              .param("v", v.id())
              .update();
          jdbc.sql("delete from image_job where result_version_id = :v")
              .param("v", v.id())
              .update();
          jdbc.sql("update image_job set parent_version_id = null where parent_version_id = :v")
              .param("v", v.id())
              .update();
          jdbc.sql("delete from image_version where version_id = :v").param("v", v.id()).update();
          receipt(actor, "images.version-deleted", v.blobCategory(), 1);
        });
  }

  /** Deletes an image for real: every version's file, its rows, its history and its link. */
  void deleteImage(String actor, ImageRecords.Image image) {
    List<ImageRecords.Version> versions = records.versionsOf(image.id());
    for (ImageRecords.Version v : versions) {
      deleteBlob(v.owner(), v.blobCategory(), v.blobName());
    }
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("delete from image where image_id = :i").param("i", image.id()).update();
          receipt(actor, "images.image-deleted", null, versions.size());
        });
  }

  /** Deletes a project with all its images, for real. */
  void deleteProject(String actor, ImageRecords.Project project) {
    long files = 0;
    for (ImageRecords.Image image : records.imagesOf(project.id())) {
      for (ImageRecords.Version v : records.versionsOf(image.id())) {
        deleteBlob(v.owner(), v.blobCategory(), v.blobName());
        files++;
      }
    }
    long n = files;
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("delete from image_project where project_id = :p")
              .param("p", project.id())
              .update();
          receipt(actor, "images.project-deleted", null, n);
        });
  }

  /**
   * Deletes the account's whole editing history: every edit it asked for (prompts, settings,
   * moderation decisions) and every edited version of its own images; the uploads stay.
   */
  long deleteHistory(String actor) {
    List<ImageRecords.Version> edits =
        jdbc
            .sql("select version_id from image_version where account_id = :a and kind = 'edit'")
            .param("a", actor)
            .query(String.class)
            .list()
            .stream()
            .map(records::version)
            .flatMap(Optional::stream)
            .toList();
    for (ImageRecords.Version v : edits) {
      deleteBlob(v.owner(), v.blobCategory(), v.blobName());
    }
    return tx.execute(
        t -> {
          int jobs =
              jdbc.sql("delete from image_job where account_id = :a or owner_id = :a")
                  .param("a", actor)
                  .update();
          jdbc.sql("delete from image_version where account_id = :a and kind = 'edit'")
              .param("a", actor)
              .update();
          receipt(actor, "images.history-deleted", "user.content.editing_history", jobs);
          return (long) jobs;
        });
  }

  private void deleteBlob(String owner, String category, String name) {
    try {
      blobs.delete(studio.id(), owner, category, name);
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete an image file", e);
    }
  }

  /** The receipt: what was deleted and how much, the person only as the trail's pseudonym. */
  private void receipt(String actor, String action, String category, long count) {
    audit.append(
        AuditRecord.of("studio:account", action)
            .property(studio.id())
            .category(category)
            .store("images")
            .count(count)
            .subject(actor));
  }
}
