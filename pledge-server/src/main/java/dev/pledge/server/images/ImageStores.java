package dev.pledge.server.images;

import dev.pledge.server.accounts.AccountDataStore;
import dev.pledge.server.accounts.AccountErased;
import dev.pledge.server.blobs.PersonalBlobStore;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.studio.Studio;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The images module's data, registered with the engine under the policy's categories:
 *
 * <ul>
 *   <li>uploaded and edited files: encrypted blobs, each kept for the period chosen for its image
 *       within the policy's range (B-18, B-19); their version rows ({@code image_version}, the
 *       upload's included) with the same period per row, under edited images;
 *   <li>the editing history ({@code image_job}, {@code image_moderation}) and prompts ({@code
 *       image_prompt}): three years from the edit (B-17); the text of text edits (image text) is in
 *       the job's parameters and goes with the job;
 *   <li>projects, images as containers, and public links: kept with the account (sharing settings);
 *   <li>a private vault's salt, iteration count and key check ({@code image_vault}, B-11): no
 *       personal content, deleted with its project by the foreign key;
 *   <li>credits charged per edit: seven years, kept unlinked through an erasure (legal hold).
 * </ul>
 *
 * Erasure and export find the person by {@code account_id}. When an account is erased by retention
 * its keyset is already destroyed; the files are then deleted here.
 */
@Component
class ImageStores implements RetentionStores, DeclaredTables {

  private static final Logger log = LoggerFactory.getLogger(ImageStores.class);

  static final String HISTORY = "user.content.editing_history";
  static final String PROMPTS = "user.content.prompts";
  static final String SHARING = "user.content.sharing";
  static final String IMAGE_TEXT = EditRunner.IMAGE_TEXT;

  private final Studio studio;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final PersonalBlobs blobs;

  ImageStores(Studio studio, JdbcClient jdbc, TransactionTemplate tx, PersonalBlobs blobs) {
    this.studio = studio;
    this.jdbc = jdbc;
    this.tx = tx;
    this.blobs = blobs;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> stores = new ArrayList<>();
    var property = studio.property().id();
    if (declares(ImageRecords.SOURCE_CATEGORY)) {
      stores.add(
          PersonalBlobStore.of(
              blobs, tx, "studio.source-images", property, ImageRecords.SOURCE_CATEGORY));
    }
    if (declares(ImageRecords.EDITED_CATEGORY)) {
      stores.add(
          PersonalBlobStore.of(
              blobs, tx, "studio.edited-images", property, ImageRecords.EDITED_CATEGORY));
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("studio.image-versions")
              .holds(property, ImageRecords.EDITED_CATEGORY)
              .table("image_version", "created_at")
              .periodPerRow("keep_for")
              .subjectColumn("account_id")
              .correctable("label")
              .build());
    }
    if (declares(HISTORY)) {
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("studio.edits")
              .holds(property, HISTORY)
              // A text edit's replacement text is one of the job's parameters: it goes with the
              // job, which the engine accepts only while the history's rule is no longer than
              // the text's own.
              .alsoHolds(IMAGE_TEXT)
              .table("image_job", "created_at")
              .subjectColumn("account_id")
              .build());
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("studio.moderation-decisions")
              .holds(property, HISTORY)
              .table("image_moderation", "created_at")
              .subjectColumn("account_id")
              .build());
    }
    if (declares(PROMPTS)) {
      stores.add(
          TableRetentionStore.builder(jdbc, tx)
              .name("studio.prompts")
              .holds(property, PROMPTS)
              .table("image_prompt", "created_at")
              .subjectColumn("account_id")
              .build());
    }
    if (declares(SHARING)) {
      stores.add(
          AccountDataStore.builder(jdbc, tx)
              .name("studio.projects")
              .holds(property, SHARING)
              .table("image_project")
              .correctable("name")
              .build());
      stores.add(
          AccountDataStore.builder(jdbc, tx)
              .name("studio.images")
              .holds(property, SHARING)
              .table("image")
              .correctable("name")
              .build());
      stores.add(
          AccountDataStore.builder(jdbc, tx)
              .name("studio.image-links")
              .holds(property, SHARING)
              .table("image_share")
              .withheld("token_hash")
              .build());
    }
    return stores;
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "image_vault",
        "per private-vault project: a random salt, the PBKDF2 iteration count and a known block"
            + " encrypted in the browser (B-11); nothing about the person or the images, and"
            + " deleted with its project (on delete cascade), which the account's erasure removes");
  }

  private boolean declares(String category) {
    return studio.policy().category(category).isPresent();
  }

  /**
   * The account is gone for good and its keyset with it: its files can no longer be read; their
   * objects and rows go now rather than wait for their retention.
   */
  @EventListener
  void erased(AccountErased event) {
    int n = 0;
    for (PersonalBlobs.PersonalBlob b : blobs.list(studio.id(), event.accountId())) {
      if (Set.of(ImageRecords.SOURCE_CATEGORY, ImageRecords.EDITED_CATEGORY)
          .contains(b.category())) {
        try {
          blobs.delete(studio.id(), event.accountId(), b.category(), b.name());
          n++;
        } catch (IOException e) {
          log.warn("An erased account's image file could not be deleted; retention will retry");
        }
      }
    }
    if (n > 0) {
      log.info("Deleted {} image files of an erased studio account", n);
    }
  }
}
