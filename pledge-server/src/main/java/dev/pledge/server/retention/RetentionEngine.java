package dev.pledge.server.retention;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Retention;
import dev.pledge.policy.RetentionPeriod;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.audit.ErasureLedger;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Retention that runs: binds every collected category of every served policy to the stores the
 * modules registered, tells what is due ({@link #plan}) and expires it ({@link #sweep}), one audit
 * entry per committed step. A sweep holds a database-wide advisory lock, so two instances, or an
 * instance and the CLI, never sweep at the same time: the second waits, then finds nothing due.
 */
@Service
public class RetentionEngine {

  private static final Logger log = LoggerFactory.getLogger(RetentionEngine.class);

  /** The advisory-lock key of sweeps: any constant shared by every instance. */
  private static final long SWEEP_LOCK = 0x706c65646765_01L;

  /** How long a sweep waits for one in progress elsewhere before giving up. */
  private static final Duration LOCK_WAIT = Duration.ofMinutes(10);

  private final PolicyCatalog catalog;
  private final List<RetentionStores> sources;
  private final RetentionJournals journals;
  private final AuditTrail audit;
  private final ErasureLedger ledger;
  private final DataSource dataSource;
  private final TransactionTemplate tx;
  private final Clock clock;

  RetentionEngine(
      PolicyCatalog catalog,
      List<RetentionStores> sources,
      RetentionJournals journals,
      AuditTrail audit,
      ErasureLedger ledger,
      DataSource dataSource,
      TransactionTemplate tx,
      Clock clock) {
    this.catalog = catalog;
    this.sources = sources;
    this.journals = journals;
    this.audit = audit;
    this.ledger = ledger;
    this.dataSource = dataSource;
    this.tx = tx;
    this.clock = clock;
  }

  /** Every registered store. */
  public List<RetentionStore> stores() {
    return sources.stream().map(RetentionStores::stores).flatMap(Collection::stream).toList();
  }

  /** Every store bound to a category of its property's policy. */
  public List<RetentionBinding> bindings() {
    return bind(stores());
  }

  List<RetentionBinding> bind(List<RetentionStore> stores) {
    List<RetentionBinding> out = new ArrayList<>();
    for (RetentionStore s : stores) {
      Optional<ServedProperty> p = catalog.byId(s.property().value());
      p.flatMap(sp -> category(sp, s.category()))
          .ifPresent(c -> out.add(new RetentionBinding(p.get(), c, s)));
    }
    return out;
  }

  /** Collected categories no store holds, and stores bound to nothing the policies declare. */
  public List<RetentionGap> gaps() {
    return gaps(stores());
  }

  List<RetentionGap> gaps(List<RetentionStore> stores) {
    List<RetentionGap> gaps = new ArrayList<>();
    Map<String, Set<String>> held = new HashMap<>();
    for (RetentionStore s : stores) {
      Optional<ServedProperty> p = catalog.byId(s.property().value());
      if (p.isEmpty()) {
        gaps.add(
            new RetentionGap(
                s.property().value(),
                s.name(),
                "store registered for a property that is not served"));
        continue;
      }
      Optional<DataCategory> own = category(p.get(), s.category());
      if (own.isEmpty()) {
        gaps.add(
            new RetentionGap(
                s.property().value(),
                s.name(),
                "store holds " + s.category() + ", which the policy does not declare"));
        continue;
      }
      Set<String> here = held.computeIfAbsent(s.property().value(), k -> new HashSet<>());
      here.add(s.category());
      for (String carried : s.alsoHolds()) {
        Optional<DataCategory> c = category(p.get(), carried);
        if (c.isEmpty()) {
          gaps.add(
              new RetentionGap(
                  s.property().value(),
                  s.name(),
                  "store holds " + carried + ", which the policy does not declare"));
        } else if (keptNoLonger(own.get().retention(), c.get().retention())) {
          here.add(carried);
        } else {
          gaps.add(
              new RetentionGap(
                  s.property().value(),
                  carried,
                  "held in "
                      + s.name()
                      + ", whose rule for "
                      + s.category()
                      + " can keep it longer than its own: its retention is not enforced"));
          here.add(carried); // reported once, with the reason, not again as "no store"
        }
      }
    }
    for (ServedProperty p : catalog.all()) {
      for (DataCategory c : p.policy().categories()) {
        boolean collected = c.collected() != DataCategory.Collected.NO;
        if (collected && !held.getOrDefault(p.id().value(), Set.of()).contains(c.id())) {
          gaps.add(
              new RetentionGap(
                  p.id().value(),
                  c.id(),
                  "collected, but no store is registered for it: its retention is not enforced"));
        }
      }
    }
    return gaps;
  }

  /**
   * Whether data of a category kept inside another category's items ({@link
   * RetentionStore#alsoHolds}) goes no later than its own rule says when those items go under
   * theirs: same anchor, items deleted (an anonymised row could keep the text), a fixed period no
   * longer than the carried one's, and no legal hold keeping the items past an erasure. A period
   * chosen per item, or anything else, is not assumed to be covered.
   */
  static boolean keptNoLonger(Retention host, Retention carried) {
    if (host == null || carried == null) {
      return host == null && carried == null;
    }
    if (host.anchor() != carried.anchor()
        || host.action() != Retention.ExpiryAction.DELETE
        || host.legalHold() != null
        || host.period().kind() != RetentionPeriod.Kind.FIXED) {
      return false;
    }
    return switch (carried.period().kind()) {
      case PERMANENT -> true;
      case FIXED -> host.period().fixed().compareTo(carried.period().fixed()) <= 0;
      case RANGE -> false;
    };
  }

  /** What every store holds and what is due now. */
  public List<RetentionPlanEntry> plan() {
    return plan(bindings(), clock.instant());
  }

  /**
   * What every store holds and what is due now, one entry per store. A store that cannot be read (a
   * mailbox server that does not answer) is an entry saying why, and so is every store the running
   * server registered that this process has none of ({@link #notRegisteredHere}): the plan always
   * lists the same stores as the server's.
   */
  List<RetentionPlanEntry> plan(List<RetentionBinding> bindings, Instant now) {
    List<RetentionPlanEntry> out = new ArrayList<>();
    for (RetentionBinding b : bindings) {
      RetentionRule rule = b.ruleAt(now);
      if (rule == null) {
        continue;
      }
      StoreContents contents = null;
      String unavailable = null;
      try {
        contents = b.store().inspect(rule);
      } catch (RuntimeException e) {
        unavailable = "could not be read: " + failure(e);
      }
      out.add(
          new RetentionPlanEntry(
              b.property().id().value(),
              b.category().id(),
              b.store().name(),
              b.store().description(),
              rule.inWords(),
              contents,
              title(b.category()),
              unavailable));
    }
    for (UnreachedStore u : notRegisteredHere()) {
      Optional<DataCategory> c = catalog.byId(u.property()).flatMap(p -> category(p, u.category()));
      out.add(
          new RetentionPlanEntry(
              u.property(),
              u.category(),
              u.store(),
              "registered by the server",
              c.map(DataCategory::retention).map(r -> r.inWords()).orElse("—"),
              null,
              c.map(RetentionEngine::title).orElse(u.category()),
              u.why()));
    }
    return out;
  }

  /**
   * What went wrong with a store, for people: the module's own message (its stores say what and
   * where without personal data), else only the kind of failure — a driver's message can quote row
   * values.
   */
  public static String failure(RuntimeException e) {
    return e instanceof IllegalStateException || e instanceof IllegalArgumentException
        ? e.getMessage()
        : e.getClass().getSimpleName();
  }

  /**
   * A store the running server registered (at its last start) that this process could not build,
   * because what it needs was not given to this process.
   *
   * @param property the property id
   * @param store the store's name
   * @param category the category id
   * @param reachedThrough what the server reaches it through, or {@code null}
   */
  public record UnreachedStore(
      String property, String store, String category, String reachedThrough) {

    /** Why this process did not check it, and what to do about it. */
    public String why() {
      return "not reachable from this command: the server reaches it through "
          + (reachedThrough == null ? "settings of its own" : reachedThrough)
          + ", which this command was not given. Run it with the server's settings (the same"
          + " environment variables or -D options), or check this store on the console's"
          + " Compliance page";
    }
  }

  /** The stores the server registered at its last start that this process has not. */
  public List<UnreachedStore> notRegisteredHere() {
    java.util.Set<String> here = new HashSet<>();
    for (RetentionStore s : stores()) {
      here.add(s.property().value() + '\n' + s.name() + '\n' + s.category());
    }
    return JdbcClient.create(dataSource)
        .sql(
            """
            select property_id, store, category, reached_through from retention_store_registry
            order by property_id, store, category
            """)
        .query(
            (rs, i) ->
                new UnreachedStore(
                    rs.getString("property_id"),
                    rs.getString("store"),
                    rs.getString("category"),
                    rs.getString("reached_through")))
        .list()
        .stream()
        .filter(u -> !here.contains(u.property() + '\n' + u.store() + '\n' + u.category()))
        .filter(u -> catalog.byId(u.property()).isPresent())
        .toList();
  }

  /**
   * Records the stores this server registers, for CLI commands on the same database to compare with
   * theirs. Called by the server at start, never by a CLI command.
   */
  void publishStores() {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Instant now = clock.instant();
    tx.executeWithoutResult(
        t -> {
          jdbc.sql("delete from retention_store_registry").update();
          for (RetentionStore s : stores()) {
            jdbc.sql(
                    """
                        insert into retention_store_registry
                          (property_id, store, category, reached_through, registered_at)
                        values (:p, :s, :c, :r, :now)
                        on conflict do nothing
                        """)
                .param("p", s.property().value())
                .param("s", s.name())
                .param("c", s.category())
                .param("r", s.reachedThrough())
                .param("now", java.sql.Timestamp.from(now))
                .update();
          }
        });
  }

  /** Runs one sweep now over every bound store. */
  public SweepReport sweep(String actor) {
    return sweep(bindings(), actor);
  }

  SweepReport sweep(List<RetentionBinding> bindings, String actor) {
    return sweep(bindings, actor, clock.instant());
  }

  public SweepReport sweep(List<RetentionBinding> bindings, String actor, Instant now) {
    String id = UUID.randomUUID().toString();
    return withSweepLock(() -> new SweepReport(id, now, true, expireAll(bindings, now, id, actor)))
        .orElseGet(() -> new SweepReport(id, now, false, List.of()));
  }

  private List<SweepResult> expireAll(
      List<RetentionBinding> bindings, Instant now, String sweepId, String actor) {
    List<SweepResult> results = new ArrayList<>();
    for (RetentionBinding b : bindings) {
      RetentionRule rule = b.ruleAt(now);
      if (rule == null) {
        continue;
      }
      long started = System.nanoTime();
      RetentionJournals.Counting journal = journals.journal(b, rule, sweepId, actor);
      String error = null;
      try {
        b.store().expire(rule, journal);
      } catch (RuntimeException e) {
        // The message names the store and the failure's kind only: driver messages can quote row
        // values, which may be personal.
        error = e.getClass().getSimpleName();
        log.error("Retention sweep of store {} failed ({})", b.store().name(), error);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      results.add(
          new SweepResult(
              b.property().id().value(),
              b.category().id(),
              b.store().name(),
              journal.total(),
              took,
              error));
      if (journal.total() > 0) {
        log.info(
            "Retention: {} item(s) of {} expired from {} in {} ms",
            journal.total(),
            b.category().id(),
            b.store().name(),
            took.toMillis());
      }
    }
    return results;
  }

  /**
   * Erases one person from every store of {@code property} that can find them, keeping what a legal
   * hold requires (unlinked), and proves it: each store is asked again afterwards.
   */
  public List<ErasureLine> erase(String property, String subjectId, String actor) {
    return erase(bindings(), property, subjectId, actor, clock.instant());
  }

  public List<ErasureLine> erase(
      List<RetentionBinding> bindings,
      String property,
      String subjectId,
      String actor,
      Instant now) {
    return erase(bindings, property, subjectId, actor, now, line -> {});
  }

  /**
   * As {@link #erase(List, String, String, String, Instant)}, telling {@code afterEach} about each
   * store as soon as it is done, for a page that shows an erasure's progress.
   */
  public List<ErasureLine> erase(
      List<RetentionBinding> bindings,
      String property,
      String subjectId,
      String actor,
      Instant now,
      java.util.function.Consumer<ErasureLine> afterEach) {
    String runId = UUID.randomUUID().toString();
    String pseudonym = "erased:" + audit.subjectReference(subjectId);
    List<ErasureLine> lines = new ArrayList<>();
    for (RetentionBinding b : bindings) {
      if (!b.property().id().value().equals(property)) {
        continue;
      }
      if (!(b.store() instanceof SubjectErasure store) || !store.findsSubjects()) {
        // Said in words rather than skipped: the receipt accounts for every store that holds the
        // property's data, including those where there is nothing of the person to erase.
        ErasureLine.Unsearched why = unsearched(b);
        lines.add(
            new ErasureLine(
                b.category().id(),
                b.store().name(),
                0,
                0,
                null,
                0,
                title(b),
                nothingToErase(b, why, b.ruleAt(now)),
                why));
        afterEach.accept(lines.get(lines.size() - 1));
        continue;
      }
      RetentionRule rule = b.ruleAt(now);
      SubjectErasure.ErasureResult r =
          store.erase(
              subjectId, pseudonym, rule, journals.erasure(b, rule, subjectId, runId, actor));
      lines.add(
          new ErasureLine(
              b.category().id(),
              b.store().name(),
              r.erased(),
              r.held(),
              r.holdReason(),
              store.count(subjectId),
              title(b),
              null,
              null));
      afterEach.accept(lines.get(lines.size() - 1));
    }
    // Outside the database, so that restoring a backup made before now erases the person again.
    // The wall clock, not this engine's clock: a restore compares it with the database's now().
    ledger.record(
        new ErasureLedger.Entry(Instant.now(), property, audit.subjectReference(subjectId)));
    return lines;
  }

  /** Why a store cannot look a person up. */
  static ErasureLine.Unsearched unsearched(RetentionBinding b) {
    if (b.store() instanceof KeptThroughErasure) {
      return ErasureLine.Unsearched.KEPT_AS_RECORD;
    }
    if (b.category().anonymised() || !b.category().personal()) {
      return ErasureLine.Unsearched.ANONYMISED;
    }
    // The request's checklist gets a manual step for such a store (RequestChecklist).
    return ErasureLine.Unsearched.BY_HAND;
  }

  /**
   * The receipt's words for a store that cannot look a person up, one wording per reason (the
   * receipt's words for searched stores are in {@code ErasureReceipt}).
   */
  static String nothingToErase(RetentionBinding b, ErasureLine.Unsearched why, RetentionRule rule) {
    return switch (why) {
      case KEPT_AS_RECORD ->
          ((KeptThroughErasure) b.store()).keptBecause()
              + (rule == null
                  ? ""
                  : "; deleted when its retention ends (" + lowerFirst(rule.inWords()) + ")");
      case ANONYMISED ->
          "holds nothing that identifies anyone (anonymised when collected); nothing to erase";
      case BY_HAND ->
          "cannot be searched for one person automatically: your items there are erased by hand,"
              + " and we confirm when that is done";
    };
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  /** The store in the receipt's words: its label, then the category's title. */
  static String title(RetentionBinding b) {
    String category = title(b.category());
    String label = b.store().label();
    return label == null || label.isBlank() ? category : label + " (" + category + ")";
  }

  static String title(DataCategory c) {
    return c.title() == null || c.title().isBlank() ? c.id() : c.title();
  }

  /**
   * One store's part of an erasure receipt.
   *
   * @param category the category erased
   * @param store the store
   * @param erased items deleted
   * @param held items kept under a legal hold, no longer linked to the person
   * @param holdReason the policy's reason for the hold, or {@code null}
   * @param remaining items still linked to the person when asked again: 0 proves the erasure
   * @param title the category in words, from the policy
   * @param nothingToErase for a store that cannot look a person up, why nothing was erased there
   *     (in the requester's words); {@code null} for a store that was searched
   * @param unsearched for a store that cannot look a person up, why; {@code null} when searched
   */
  public record ErasureLine(
      String category,
      String store,
      long erased,
      long held,
      String holdReason,
      long remaining,
      String title,
      String nothingToErase,
      Unsearched unsearched) {

    /** Why a store could not look for the person. */
    public enum Unsearched {
      /** It keeps the request's own record, the proof of the erasure. */
      KEPT_AS_RECORD,
      /** It holds nothing that identifies anyone: anonymised when collected. */
      ANONYMISED,
      /** It holds identifiable data but cannot be searched: erased by hand (a manual step). */
      BY_HAND
    }

    /** What became of the person's data in one store: one wording each on a receipt. */
    public enum Outcome {
      ERASED,
      NOTHING_FOUND,
      HELD,
      KEPT_AS_RECORD,
      ANONYMISED,
      BY_HAND,
      STILL_LINKED
    }

    public ErasureLine(
        String category, String store, long erased, long held, String holdReason, long remaining) {
      this(category, store, erased, held, holdReason, remaining, category, null, null);
    }

    /** A line as receipts recorded before the reason was kept: the reason read from the words. */
    public ErasureLine(
        String category,
        String store,
        long erased,
        long held,
        String holdReason,
        long remaining,
        String title,
        String nothingToErase) {
      this(
          category,
          store,
          erased,
          held,
          holdReason,
          remaining,
          title,
          nothingToErase,
          nothingToErase == null
              ? null
              : nothingToErase.contains("record")
                  ? Unsearched.KEPT_AS_RECORD
                  : nothingToErase.contains("anonymised")
                      ? Unsearched.ANONYMISED
                      : Unsearched.BY_HAND);
    }

    /** Whether the store could look for the person (else {@link #nothingToErase} says why). */
    public boolean searched() {
      return nothingToErase == null;
    }

    public Outcome outcome() {
      if (unsearched != null) {
        return switch (unsearched) {
          case KEPT_AS_RECORD -> Outcome.KEPT_AS_RECORD;
          case ANONYMISED -> Outcome.ANONYMISED;
          case BY_HAND -> Outcome.BY_HAND;
        };
      }
      if (held > 0) {
        return Outcome.HELD;
      }
      if (remaining > 0) {
        return Outcome.STILL_LINKED;
      }
      return erased > 0 ? Outcome.ERASED : Outcome.NOTHING_FOUND;
    }
  }

  /**
   * Runs {@code work} holding the sweep lock on a connection of its own, waiting for a sweep in
   * progress elsewhere to finish; empty when it did not finish within {@link #LOCK_WAIT}.
   * Session-level advisory locks are released when the connection closes, so a crashed instance
   * never leaves the lock behind.
   */
  private <T> Optional<T> withSweepLock(Supplier<T> work) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        st.execute("set lock_timeout = '" + LOCK_WAIT.toSeconds() + "s'");
        st.execute("select pg_advisory_lock(" + SWEEP_LOCK + ")");
      } catch (SQLException e) {
        if ("55P03".equals(e.getSQLState())) { // lock_not_available: the wait timed out
          return Optional.empty();
        }
        throw e;
      }
      try {
        return Optional.of(work.get());
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("select pg_advisory_unlock(" + SWEEP_LOCK + ")");
          st.execute("reset lock_timeout");
        }
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Could not take the retention sweep lock", e);
    }
  }

  private static Optional<DataCategory> category(ServedProperty p, String id) {
    return p.policy().categories().stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
