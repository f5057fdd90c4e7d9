package dev.pledge.server.rights;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Processor;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.KeptThroughErasure;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SubjectErasure;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The manual steps of a rights request (issue 6, B-29): what Pledge cannot do itself — the policy's
 * processors hold the person's data too, and some stores cannot be searched for one person — plus
 * steps an operator adds. Each step is marked done with evidence by a named operator, and a request
 * cannot be completed while one is open.
 */
@Service
public class RequestChecklist {

  /** Kinds whose fulfilment reaches the processors that received the person's data. */
  private static final Set<RightsRequestKind> REACH_PROCESSORS =
      EnumSet.of(
          RightsRequestKind.ACCESS,
          RightsRequestKind.PORTABILITY,
          RightsRequestKind.RECTIFICATION,
          RightsRequestKind.ERASURE,
          RightsRequestKind.RESTRICTION,
          RightsRequestKind.OBJECTION,
          RightsRequestKind.OPT_OUT_OF_SALE);

  static final int MAX_TITLE = 300;
  static final int MAX_EVIDENCE = 2000;

  private final RightsRequests requests;
  private final PolicyCatalog catalog;
  private final RetentionEngine retention;
  private final RequestAudit audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  RequestChecklist(
      RightsRequests requests,
      PolicyCatalog catalog,
      RetentionEngine retention,
      RequestAudit audit,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.requests = requests;
    this.catalog = catalog;
    this.retention = retention;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * The request's steps, in the order they were added; an open request first gets the steps its
   * policy calls for.
   *
   * @throws NoSuchElementException when no request has that reference
   */
  public List<RequestStep> steps(String reference) {
    RightsRequest r = request(reference);
    if (!r.status().closed()) {
      generate(r);
    }
    return jdbc.sql(
            """
            select s.id, s.title, s.source, s.added_by, s.done_at, s.done_by, s.evidence
            from rights_request_step s join rights_request r on r.id = s.request_id
            where r.reference = :r order by s.id
            """)
        .param("r", reference)
        .query(
            (rs, i) ->
                new RequestStep(
                    rs.getLong("id"),
                    rs.getString("title"),
                    rs.getString("source"),
                    rs.getString("added_by"),
                    rs.getTimestamp("done_at") == null
                        ? null
                        : rs.getTimestamp("done_at").toInstant(),
                    rs.getString("done_by"),
                    rs.getString("evidence")))
        .list();
  }

  /** How many steps are still open (after generating the policy's). */
  public long open(String reference) {
    return steps(reference).stream().filter(s -> !s.done()).count();
  }

  /**
   * Adds a step by hand.
   *
   * @throws IllegalArgumentException for a blank or overlong title, or one the request already has
   * @throws IllegalStateException when the request is closed
   */
  public RequestStep add(String reference, String title, String actor) {
    String text = title == null ? "" : title.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "A step needs a title: say what must be done and where, e.g. \"Delete the newsletter"
              + " subscription at the mailing-list provider\".");
    }
    if (text.length() > MAX_TITLE) {
      throw new IllegalArgumentException("Keep a step's title to " + MAX_TITLE + " characters.");
    }
    RightsRequest r = request(reference);
    if (r.status().closed()) {
      throw new IllegalStateException(
          "Request " + reference + " is " + r.status().words() + ": steps can no longer be added.");
    }
    boolean added = insert(reference, text, "operator", actor);
    if (!added) {
      throw new IllegalArgumentException("This request already has the step \"" + text + "\".");
    }
    requests.note(reference, "step", "manual step added: " + text, actor);
    return steps(reference).stream().filter(s -> s.title().equals(text)).findFirst().orElseThrow();
  }

  /**
   * Marks a step done with its evidence.
   *
   * @throws IllegalArgumentException for blank or overlong evidence
   * @throws IllegalStateException when the step is already done
   * @throws NoSuchElementException when the request has no such step
   */
  public RequestStep done(String reference, long stepId, String evidence, String actor) {
    String text = evidence == null ? "" : evidence.strip();
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          "Say what proves the step done, e.g. \"ticket #123 at the payment provider\".");
    }
    if (text.length() > MAX_EVIDENCE) {
      throw new IllegalArgumentException("Keep the evidence to " + MAX_EVIDENCE + " characters.");
    }
    return tx.execute(
        t -> {
          RequestStep step =
              steps(reference).stream()
                  .filter(s -> s.id() == stepId)
                  .findFirst()
                  .orElseThrow(
                      () ->
                          new NoSuchElementException(
                              "Request " + reference + " has no step " + stepId + "."));
          if (step.done()) {
            throw new IllegalStateException(
                "That step was already marked done by " + step.doneBy() + ".");
          }
          jdbc.sql(
                  """
                  update rights_request_step set done_at = :now, done_by = :actor,
                    evidence = :evidence
                  where id = :id and done_at is null
                  """)
              .param("now", Timestamp.from(clock.instant()))
              .param("actor", actor)
              .param("evidence", text)
              .param("id", stepId)
              .update();
          requests.note(reference, "step", "manual step done: " + step.title(), actor);
          audit.stepDone(reference, request(reference).property(), step.id(), step.source(), actor);
          return steps(reference).stream().filter(s -> s.id() == stepId).findFirst().orElseThrow();
        });
  }

  /**
   * The policy's processors this request reaches, each with when its manual step was recorded done
   * (or {@code null} while open): the by-hand part of an erasure receipt.
   */
  public List<ErasureReceipt.ByHand> processorsByHand(String reference) {
    RightsRequest r = request(reference);
    ServedProperty p = catalog.byId(r.property()).orElse(null);
    if (p == null || !REACH_PROCESSORS.contains(r.kind())) {
      return List.of();
    }
    List<RequestStep> steps = steps(reference);
    List<ErasureReceipt.ByHand> out = new ArrayList<>();
    for (Processor processor : p.policy().processors()) {
      String title = shorten(processorStep(r.kind(), processor, p));
      Instant doneAt =
          steps.stream()
              .filter(s -> s.title().equals(title))
              .findFirst()
              .map(RequestStep::doneAt) // null while the step is open: map, never find, a null
              .orElse(null);
      out.add(new ErasureReceipt.ByHand(processor.name() + " (" + processor.role() + ")", doneAt));
    }
    return out;
  }

  /** The policy's steps for this request; inserting them again adds nothing. */
  private void generate(RightsRequest r) {
    if (!REACH_PROCESSORS.contains(r.kind())) {
      return;
    }
    ServedProperty p = catalog.byId(r.property()).orElse(null);
    if (p == null) {
      return;
    }
    List<String> titles = new ArrayList<>();
    for (Processor processor : p.policy().processors()) {
      titles.add(processorStep(r.kind(), processor, p));
    }
    if (r.kind() == RightsRequestKind.ERASURE) {
      // Stores Pledge cannot search for one person, but which hold identifiable data: by hand.
      for (RetentionBinding b : retention.bindings()) {
        if (b.property().id().value().equals(r.property())
            && !(b.store() instanceof KeptThroughErasure)
            && !(b.store() instanceof SubjectErasure s && s.findsSubjects())
            && b.category().personal()
            && !b.category().anonymised()) {
          titles.add(
              "Erase the requester's items by hand from "
                  + b.store().description()
                  + " ("
                  + b.category().title()
                  + "): Pledge cannot search it for one person");
        }
      }
    }
    for (String title : titles) {
      insert(r.reference(), shorten(title), "policy", "system:policy");
    }
  }

  private static String processorStep(RightsRequestKind kind, Processor pr, ServedProperty p) {
    String who = pr.name() + " (" + pr.role() + ")";
    String what =
        pr.categories().stream()
            .map(
                id ->
                    p.policy().categories().stream()
                        .filter(c -> c.id().equals(id))
                        .map(DataCategory::title)
                        .findFirst()
                        .orElse(id))
            .collect(Collectors.joining(", "));
    return switch (kind) {
      case ACCESS, PORTABILITY ->
          "Obtain from " + who + " the requester's data they hold (" + what + ")";
      case RECTIFICATION -> "Have " + who + " correct the requester's data (" + what + ")";
      case ERASURE ->
          "Ask "
              + who
              + " to erase the requester's data ("
              + what
              + ") and keep their confirmation";
      case RESTRICTION ->
          "Tell " + who + " to restrict processing of the requester's data (" + what + ")";
      case OBJECTION -> "Tell " + who + " to stop the objected processing of the requester's data";
      case OPT_OUT_OF_SALE -> "Tell " + who + " not to sell or share the requester's data";
      default -> "Handle the request at " + who;
    };
  }

  private static String shorten(String title) {
    return title.length() <= MAX_TITLE ? title : title.substring(0, MAX_TITLE - 1) + "…";
  }

  private boolean insert(String reference, String title, String source, String actor) {
    Instant now = clock.instant();
    return jdbc.sql(
                """
                insert into rights_request_step (request_id, title, source, added_at, added_by)
                select id, :title, :source, :now, :actor from rights_request where reference = :r
                on conflict (request_id, title) do nothing
                """)
            .param("title", title)
            .param("source", source)
            .param("now", Timestamp.from(now))
            .param("actor", actor)
            .param("r", reference)
            .update()
        == 1;
  }

  private RightsRequest request(String reference) {
    return requests.require(reference);
  }
}
