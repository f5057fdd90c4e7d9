package dev.pledge.server.rights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import dev.pledge.server.shared.HumanFormat;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erasure as a job (issue 6, crash safety): "Erase now" records the erasure against the request and
 * schedules a db-scheduler task keyed by the request's reference, so scheduling twice is harmless
 * and the operator's click never waits on the stores. The task erases through every store, records
 * the receipt in the history, sends it to the requester and completes the request, all in the
 * transaction that marks the erasure finished: a JVM that dies before that commit leaves the task
 * to db-scheduler's dead-execution detection, and the next run erases again — the stores are empty
 * by then, so it erases nothing and proves nothing remains.
 */
@Service
public class RequestErasures {

  static final String TASK = "rights-erasure";

  /** An erasure recorded as running this long is given its task again if it has none. */
  private static final java.time.Duration STRAY_AFTER = java.time.Duration.ofMinutes(5);

  private static final Logger log = LoggerFactory.getLogger(RequestErasures.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where a request's erasure stands. */
  public enum State {
    NONE,
    RUNNING,
    DONE
  }

  private final RightsRequests requests;
  private final RetentionEngine retention;
  private final RequestOutcomes outcomes;
  private final RequestNotices notices;
  private final RequestChecklist checklist;
  private final RequestAudit audit;
  private final RequestSubjects subjects;
  private final RequestExports exports;
  private final ObjectProvider<SchedulerClient> scheduler;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  RequestErasures(
      RightsRequests requests,
      RetentionEngine retention,
      RequestOutcomes outcomes,
      RequestNotices notices,
      RequestChecklist checklist,
      RequestAudit audit,
      RequestSubjects subjects,
      RequestExports exports,
      ObjectProvider<SchedulerClient> scheduler,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.requests = requests;
    this.retention = retention;
    this.outcomes = outcomes;
    this.notices = notices;
    this.checklist = checklist;
    this.audit = audit;
    this.subjects = subjects;
    this.exports = exports;
    this.scheduler = scheduler;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** Whether {@code r} may be erased: a verified erasure request that is still open. */
  public static boolean erasable(RightsRequest r) {
    return r.kind() == RightsRequestKind.ERASURE
        && (r.status() == RightsRequestStatus.VERIFIED
            || r.status() == RightsRequestStatus.IN_PROGRESS)
        && (r.subjectId() != null || r.requesterAddress() != null);
  }

  /**
   * Schedules the erasure of a request's requester. Returns false when it is already running
   * (nothing more is scheduled).
   *
   * @throws NoSuchElementException when no request has that reference
   * @throws IllegalStateException when the request cannot be erased
   */
  public boolean schedule(String reference, String actor) {
    boolean claimed = claim(reference, actor);
    start(reference);
    return claimed;
  }

  /** Records the erasure as running (the job's own state); false when it already runs. */
  boolean claim(String reference, String actor) {
    return Boolean.TRUE.equals(
        tx.execute(
            t -> {
              RightsRequest r = request(reference);
              if (!erasable(r)) {
                throw new IllegalStateException(
                    "Only a verified erasure request that is still open can be erased.");
              }
              boolean claimed =
                  jdbc.sql(
                              """
                              insert into rights_request_erasure
                                (request_id, scheduled_at, scheduled_by)
                              select id, :now, :actor from rights_request where reference = :r
                              on conflict (request_id) do update
                                set scheduled_at = excluded.scheduled_at,
                                    scheduled_by = excluded.scheduled_by, finished_at = null
                                where rights_request_erasure.finished_at is not null
                              """)
                          .param("now", Timestamp.from(clock.instant()))
                          .param("actor", actor)
                          .param("r", reference)
                          .update()
                      == 1;
              if (claimed) {
                audit.erasureStarted(reference, r.property(), actor);
              }
              if (claimed && r.status() == RightsRequestStatus.VERIFIED) {
                requests.changeStatus(
                    reference, RightsRequestStatus.IN_PROGRESS, "erasure scheduled", actor);
              } else if (claimed) {
                requests.note(reference, "erasure", "erasure scheduled", actor);
              }
              return claimed;
            }));
  }

  /** Schedules the task unless it already exists; db-scheduler keeps it across restarts. */
  void start(String reference) {
    SchedulerClient client = scheduler.getIfAvailable();
    if (client == null) {
      throw new IllegalStateException(
          "Jobs are off on this instance (maintenance mode): the erasure runs when the server"
              + " runs.");
    }
    client.scheduleIfNotExists(new TaskInstance<Void>(TASK, reference), clock.instant());
  }

  /**
   * Schedules the task again for every erasure recorded as running for a while without one (a crash
   * between the click's commit and the scheduling); returns how many were looked at.
   */
  int resumeStray() {
    List<String> running =
        jdbc.sql(
                """
                select r.reference from rights_request_erasure e
                join rights_request r on r.id = e.request_id
                where e.finished_at is null and e.scheduled_at < :before
                """)
            .param("before", Timestamp.from(clock.instant().minus(STRAY_AFTER)))
            .query(String.class)
            .list();
    running.forEach(this::start);
    return running.size();
  }

  public State state(String reference) {
    return jdbc.sql(
            """
            select e.finished_at is null from rights_request_erasure e
            join rights_request r on r.id = e.request_id where r.reference = :r
            """)
        .param("r", reference)
        .query(Boolean.class)
        .optional()
        .map(running -> running ? State.RUNNING : State.DONE)
        .orElse(State.NONE);
  }

  /**
   * How far a running erasure is: stores done of all it goes through (each once per identifier of
   * the person), and since when it runs. Empty when no erasure runs.
   */
  public Optional<Progress> progress(String reference) {
    return jdbc.sql(
            """
            select e.stores_done, e.stores_total, e.scheduled_at from rights_request_erasure e
            join rights_request r on r.id = e.request_id
            where r.reference = :r and e.finished_at is null
            """)
        .param("r", reference)
        .query(
            (rs, i) ->
                new Progress(
                    rs.getInt("stores_done"),
                    (Integer) rs.getObject("stores_total"),
                    rs.getTimestamp("scheduled_at").toInstant()))
        .optional();
  }

  /**
   * A running erasure's progress.
   *
   * @param done stores done so far
   * @param total stores to go through, or {@code null} before the job has started
   * @param since when the erasure was scheduled
   */
  public record Progress(int done, Integer total, java.time.Instant since) {}

  private void progress(String reference, String set, long n) {
    jdbc.sql(
            "update rights_request_erasure e set "
                + set
                + " from rights_request r where r.id = e.request_id and r.reference = :r"
                + " and e.finished_at is null")
        .param("n", n)
        .param("r", reference)
        .update();
  }

  /** The receipt of the request's last finished erasure. */
  public Optional<List<ErasureLine>> receipt(String reference) {
    return jdbc.sql(
            """
            select e.receipt from rights_request_erasure e
            join rights_request r on r.id = e.request_id
            where r.reference = :r and e.finished_at is not null and e.receipt is not null
            """)
        .param("r", reference)
        .query(String.class)
        .optional()
        .map(RequestErasures::fromJson);
  }

  /** The job: runs the request's erasure if it is still to do. */
  void run(String reference) {
    run(reference, retention.bindings());
  }

  void run(String reference, List<RetentionBinding> bindings) {
    Optional<String> actor =
        jdbc.sql(
                """
                update rights_request_erasure e set runs = runs + 1
                from rights_request r
                where r.id = e.request_id and r.reference = :r and e.finished_at is null
                returning e.scheduled_by
                """)
            .param("r", reference)
            .query(String.class)
            .optional();
    if (actor.isEmpty()) {
      return; // done already, or never asked for: running it again is harmless
    }
    RightsRequest r = request(reference);
    if (!erasable(r)) {
      finish(reference, null);
      return;
    }
    // A person known by an account and an address is erased under both: the account finds their
    // account's stores, the address finds what arrived by e-mail (the mailbox, their requests). A
    // request by address alone reaches the account that address signs in to.
    boolean byAddress = this.subjects.accountOf(r).isPresent();
    List<String> subjects = this.subjects.of(r);
    long stores =
        bindings.stream().filter(b -> b.property().id().value().equals(r.property())).count();
    progress(reference, "stores_total = :n, stores_done = 0", stores * subjects.size());
    List<ErasureLine> lines = null;
    for (String subject : subjects) {
      List<ErasureLine> more =
          retention.erase(
              bindings,
              r.property(),
              subject,
              actor.get(),
              clock.instant(),
              done -> progress(reference, "stores_done = stores_done + :n", 1));
      lines = lines == null ? more : combined(lines, more);
    }
    List<ErasureLine> receipt = lines;
    tx.executeWithoutResult(
        t -> {
          exports.shredKeys(r.property(), subjects);
          record(r, receipt, byAddress, actor.get());
        });
  }

  /** Two erasures of the same stores, in the same order, as one receipt. */
  private static List<ErasureLine> combined(List<ErasureLine> a, List<ErasureLine> b) {
    List<ErasureLine> sum = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      ErasureLine x = a.get(i);
      ErasureLine y = b.get(i);
      sum.add(
          new ErasureLine(
              x.category(),
              x.store(),
              x.erased() + y.erased(),
              x.held() + y.held(),
              x.holdReason() != null ? x.holdReason() : y.holdReason(),
              x.remaining() + y.remaining(),
              x.title(),
              x.nothingToErase(),
              x.unsearched()));
    }
    return sum;
  }

  private void record(RightsRequest r, List<ErasureLine> lines, boolean byAddress, String actor) {
    if (!finish(r.reference(), toJson(lines))) {
      return; // another run recorded it first
    }
    String reference = r.reference();
    if (byAddress) {
      requests.note(
          reference,
          "note",
          "the requester's verified address is an account's: its stores were erased too",
          actor);
    }
    requests.note(reference, "erasure", ErasureReceipt.forHistory(lines), actor);
    audit.erasureFinished(reference, r.property(), lines, actor);
    if (!ErasureReceipt.complete(lines)) {
      requests.note(
          reference,
          "note",
          "erasure incomplete: a store still links items to the requester; fix it and erase"
              + " again",
          actor);
      log.warn("Erasure of request {} incomplete: a store still links items", reference);
      return;
    }
    notices.erasureReceipt(r, lines, checklist.processorsByHand(reference), clock.instant());
    long open = checklist.open(reference);
    if (open > 0) {
      requests.note(
          reference,
          "note",
          "erased in Pledge; "
              + HumanFormat.plural(open, "manual step")
              + " still open: the request stays in progress until they are done",
          actor);
    } else {
      outcomes.changeStatus(
          reference,
          RightsRequestStatus.COMPLETED,
          "Your data was erased: the receipt we sent you lists every place that held it.",
          actor);
    }
    log.info("Erasure of request {} done", reference);
  }

  private boolean finish(String reference, String receipt) {
    return jdbc.sql(
                """
                update rights_request_erasure e set finished_at = :now, receipt = :receipt
                from rights_request r
                where r.id = e.request_id and r.reference = :r and e.finished_at is null
                """)
            .param("now", Timestamp.from(clock.instant()))
            .param("receipt", receipt)
            .param("r", reference)
            .update()
        == 1;
  }

  private RightsRequest request(String reference) {
    return requests.require(reference);
  }

  private static String toJson(List<ErasureLine> lines) {
    List<Map<String, Object>> out =
        lines.stream()
            .map(
                l -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("category", l.category());
                  m.put("store", l.store());
                  m.put("erased", l.erased());
                  m.put("held", l.held());
                  m.put("holdReason", l.holdReason());
                  m.put("remaining", l.remaining());
                  m.put("title", l.title());
                  m.put("nothingToErase", l.nothingToErase());
                  m.put("unsearched", l.unsearched() == null ? null : l.unsearched().name());
                  return m;
                })
            .toList();
    try {
      return JSON.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write an erasure receipt", e);
    }
  }

  /** The stored reason, or for a receipt recorded before it was kept, read from the words. */
  private static ErasureLine.Unsearched unsearched(Map<String, Object> m) {
    Object key = m.get("unsearched");
    if (key instanceof String k) {
      return ErasureLine.Unsearched.valueOf(k);
    }
    String words = (String) m.get("nothingToErase");
    return words == null ? null : new ErasureLine("", "", 0, 0, null, 0, "", words).unsearched();
  }

  private static List<ErasureLine> fromJson(String json) {
    try {
      List<Map<String, Object>> in = JSON.readValue(json, new TypeReference<>() {});
      return in.stream()
          .map(
              m ->
                  new ErasureLine(
                      (String) m.get("category"),
                      (String) m.get("store"),
                      ((Number) m.get("erased")).longValue(),
                      ((Number) m.get("held")).longValue(),
                      (String) m.get("holdReason"),
                      ((Number) m.get("remaining")).longValue(),
                      (String) m.get("title"),
                      (String) m.get("nothingToErase"),
                      unsearched(m)))
          .toList();
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }
}
