package dev.pledge.server.backup;

import com.zaxxer.hikari.HikariDataSource;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.ErasureLedger;
import dev.pledge.server.blobs.BlobObjects;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.blobs.PersonalKeys;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SubjectErasure;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * {@code pledge restore}: checks a backup against its manifest, loads it into an empty database
 * (or, when forced, one it empties first), puts its keys and blobs back, and then erases again
 * everyone the live erasure ledger says was erased since the backup was made: their rows through
 * the same stores an erasure goes through, and their personal keys, so their blobs in the backup
 * stay unreadable. The audit trail, the retention engine and the personal keys are made only after
 * the keys are back, so they read the restored ones.
 */
@Service
public class Restores {

  /** A restore that was not done; the message says why and what to do. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  /**
   * What a restore did.
   *
   * @param manifest the backup restored
   * @param erasuresReapplied erasures of the ledger newer than the backup, applied again
   * @param identifiersErased the restored identifiers (account ids, addresses) they matched and
   *     erased through the stores
   * @param keysDestroyed personal keysets of those people deleted (the rest had none)
   * @param blobsDeleted their blobs the stores did not reach, deleted by reference
   * @param unsearched stores that could not list their people, and why
   */
  public record Outcome(
      BackupManifest manifest,
      int erasuresReapplied,
      int identifiersErased,
      int keysDestroyed,
      int blobsDeleted,
      List<String> unsearched) {}

  private final DataSource dataSource;
  private final PledgeSettings settings;
  private final ErasureLedger ledger;
  private final ObjectProvider<RetentionEngine> retention;
  private final ObjectProvider<PersonalKeys> keys;
  private final ObjectProvider<AuditTrail> audit;
  private final BlobObjects objects;
  private final ObjectProvider<PersonalBlobs> blobs;

  Restores(
      DataSource dataSource,
      PledgeSettings settings,
      ErasureLedger ledger,
      ObjectProvider<RetentionEngine> retention,
      ObjectProvider<PersonalKeys> keys,
      ObjectProvider<AuditTrail> audit,
      BlobObjects objects,
      ObjectProvider<PersonalBlobs> blobs) {
    this.dataSource = dataSource;
    this.settings = settings;
    this.ledger = ledger;
    this.retention = retention;
    this.keys = keys;
    this.audit = audit;
    this.objects = objects;
    this.blobs = blobs;
  }

  /**
   * Restores {@code from} into this deployment.
   *
   * @param force replace a database that holds rows (otherwise refused)
   * @throws Refused when the backup is incomplete or altered, or the database is not empty
   */
  public Outcome restore(java.nio.file.Path from, boolean force) throws IOException, SQLException {
    // Every refusal comes before the first change.
    BackupManifest manifest = BackupCheck.verified(from);
    BackupCheck.knownSchema(manifest, dataSource);
    BackupCheck.sameInstallation(manifest, settings.dataDir());
    new DatabaseLoad(dataSource).load(from, manifest, force);
    if (dataSource instanceof HikariDataSource pool && pool.getHikariPoolMXBean() != null) {
      // Connections opened before the schema was dropped and made again may hold plans of the
      // old tables: the rest of the restore uses fresh ones.
      pool.getHikariPoolMXBean().softEvictConnections();
    }
    BackupFiles.restore(from, settings.dataDir());
    putObjectsBack(from, manifest);
    return reapplyErasures(manifest);
  }

  /**
   * The objects a backup of an object store holds, put back under their keys (into whatever store
   * this installation uses); the erasures re-applied next delete those of people erased since.
   */
  private void putObjectsBack(java.nio.file.Path from, BackupManifest manifest) throws IOException {
    String prefix = Backups.OBJECTS + "/";
    for (String file : manifest.files().keySet()) {
      if (file.startsWith(prefix)) {
        objects.put(file.substring(prefix.length()), from.resolve(file));
      }
    }
  }

  private Outcome reapplyErasures(BackupManifest manifest) throws IOException {
    List<ErasureLedger.Entry> since = ledger.since(manifest.createdAt());
    Map<String, Set<String>> refsByProperty = new LinkedHashMap<>();
    since.forEach(
        e ->
            refsByProperty
                .computeIfAbsent(e.property(), p -> new LinkedHashSet<>())
                .add(e.subjectReference()));
    AuditTrail trail = audit.getObject();
    RetentionEngine engine = retention.getObject();
    PersonalKeys personalKeys = keys.getObject();
    PersonalBlobs blobs = this.blobs.getObject();
    int identifiers = 0;
    int keysDestroyed = 0;
    int blobsDeleted = 0;
    List<String> unsearched = new ArrayList<>();
    for (Map.Entry<String, Set<String>> p : refsByProperty.entrySet()) {
      String property = p.getKey();
      List<RetentionBinding> listing = new ArrayList<>();
      Set<String> found = new LinkedHashSet<>();
      for (RetentionBinding b : engine.bindings()) {
        if (!b.property().id().value().equals(property)
            || !(b.store() instanceof SubjectErasure store)
            || !store.findsSubjects()) {
          continue;
        }
        Optional<Set<String>> people;
        try {
          people = store.subjects();
        } catch (RuntimeException e) {
          unsearched.add(property + " " + b.store().name() + ": " + RetentionEngine.failure(e));
          continue;
        }
        if (people.isEmpty()) {
          continue; // found by address only (a mailbox): not in a backup, nothing came back
        }
        listing.add(b);
        for (String id : people.get()) {
          if (p.getValue().contains(trail.subjectReference(id))) {
            found.add(id);
          }
        }
      }
      for (String id : found) {
        engine.erase(listing, property, id, "cli", java.time.Instant.now());
      }
      identifiers += found.size();
      // People no store could list (only blobs, say) are erased by reference: their blobs and
      // their key, so no copy of their ciphertext can be read again.
      for (String ref : p.getValue()) {
        blobsDeleted += blobs.deleteAllOfReference(property, ref);
        if (personalKeys.destroyReference(property, ref)) {
          keysDestroyed++;
        }
      }
    }
    trail.append(
        AuditRecord.of("cli", "backup.restored")
            .count(since.size())
            .detail("backupCreatedAt", manifest.createdAt().toString())
            .detail("identifiersErasedAgain", identifiers));
    return new Outcome(
        manifest, since.size(), identifiers, keysDestroyed, blobsDeleted, unsearched);
  }
}
