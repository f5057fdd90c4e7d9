package dev.pledge.server.rights;

import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngine;
import dev.pledge.server.retention.SubjectRectification;
import dev.pledge.server.shared.HumanFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies a verified rectification request (A-15, B-27): lists the fields the property's stores can
 * correct, and corrects one of them for the requester in one store — with an audit entry and a note
 * in the request's history that name the store, the field and the number of items, never the old or
 * the new value.
 */
@Service
public class SubjectRectifier {

  private final RetentionEngine engine;
  private final RightsRequests requests;
  private final RequestSubjects subjects;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  SubjectRectifier(
      RetentionEngine engine,
      RightsRequests requests,
      RequestSubjects subjects,
      AuditTrail audit,
      TransactionTemplate tx) {
    this.engine = engine;
    this.requests = requests;
    this.subjects = subjects;
    this.audit = audit;
    this.tx = tx;
  }

  /**
   * A field a person can have corrected.
   *
   * @param store the store's name
   * @param category the policy category it holds
   * @param field the field
   */
  public record CorrectableField(String store, String category, String field) {}

  /** What a correction changed (no values). */
  public record Rectified(String store, String category, String field, long items) {}

  /** Every field the stores of {@code property} can correct, store by store. */
  public List<CorrectableField> fields(String property) {
    return fields(engine.bindings(), property);
  }

  List<CorrectableField> fields(List<RetentionBinding> bindings, String property) {
    List<CorrectableField> out = new ArrayList<>();
    for (RetentionBinding b : bindings) {
      if (b.property().id().value().equals(property)
          && b.store() instanceof SubjectRectification s) {
        s.correctableFields()
            .forEach(f -> out.add(new CorrectableField(b.store().name(), b.category().id(), f)));
      }
    }
    return out;
  }

  /** Why {@code r} cannot be rectified now, or empty when it can. */
  public static Optional<String> whyNot(RightsRequest r) {
    String ref = r.reference();
    if (r.kind() != RightsRequestKind.RECTIFICATION) {
      return Optional.of(
          "request "
              + ref
              + " is "
              + ("aeiou".indexOf(r.kind().words().charAt(0)) >= 0 ? "an " : "a ")
              + r.kind().words()
              + " request: only a correction request corrects");
    }
    if (r.status() != RightsRequestStatus.VERIFIED
        && r.status() != RightsRequestStatus.IN_PROGRESS) {
      return Optional.of(
          "request "
              + ref
              + " is "
              + r.status().words()
              + ": a correction is made only for a verified request that is still open (verified"
              + " by the requester's link, or moved to in progress once identity is checked)");
    }
    if (ProcessingRestrictions.subject(r) == null) {
      return Optional.of(
          "request " + ref + " names no person (no account id and no address): nothing to correct");
    }
    return Optional.empty();
  }

  /**
   * Corrects {@code field} in {@code store} to {@code newValue} for the requester of {@code
   * reference}.
   *
   * @throws NoSuchElementException when no request has that reference
   * @throws IllegalStateException when the request cannot be rectified ({@link #whyNot})
   * @throws IllegalArgumentException for a store or field that cannot be corrected, or a value the
   *     store does not accept
   */
  public Rectified rectify(
      String reference, String store, String field, String newValue, String actor) {
    return rectify(engine.bindings(), reference, store, field, newValue, actor);
  }

  Rectified rectify(
      List<RetentionBinding> bindings,
      String reference,
      String store,
      String field,
      String newValue,
      String actor) {
    RightsRequest r = requests.require(reference);
    whyNot(r)
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    RetentionBinding binding =
        bindings.stream()
            .filter(b -> b.property().id().value().equals(r.property()))
            .filter(b -> b.store().name().equals(store))
            .filter(b -> b.store() instanceof SubjectRectification)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no store '"
                            + store
                            + "' of "
                            + r.property()
                            + " can correct data; choose one of: "
                            + fields(bindings, r.property()).stream()
                                .map(CorrectableField::store)
                                .distinct()
                                .toList()));
    SubjectRectification target = (SubjectRectification) binding.store();
    // Every identifier the person is found by, as for an erasure: an account's stores find them by
    // the account of the verified address, the requests by the address itself (B-27).
    List<String> who = subjects.of(r);
    Long items =
        tx.execute(
            t -> {
              long n = 0;
              for (String subject : who) {
                n +=
                    target.rectify(
                        subject,
                        field,
                        newValue == null ? null : newValue.strip(),
                        (count, detail) ->
                            audit.append(
                                AuditRecord.of(actor, "subject.rectified")
                                    .property(r.property())
                                    .category(binding.category().id())
                                    .store(store)
                                    .count(count)
                                    .subject(subject)
                                    .detail("request", reference)
                                    .detail("field", field)
                                    .detail("step", detail)));
              }
              requests.note(
                  reference,
                  "rectification",
                  field
                      + " corrected in "
                      + store
                      + " ("
                      + binding.category().title()
                      + "): "
                      + HumanFormat.plural(n, "item")
                      + " changed",
                  actor);
              return n;
            });
    return new Rectified(store, binding.category().id(), field, items == null ? 0 : items);
  }
}
