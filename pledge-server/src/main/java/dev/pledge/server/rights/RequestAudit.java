package dev.pledge.server.rights;

import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.retention.RetentionEngine.ErasureLine;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The audit entries of a rights request's life (docs/audit-trail.md, "Events"): received, verified,
 * extended, export prepared and downloaded, erasure started and finished, completed, rejected,
 * expired. Each is appended inside the transaction of the change it records, so the entry exists
 * exactly when the change committed. An entry names the request only by its reference and says what
 * happened in fixed words — kind, channel, a ground from a list, counts — never an address, a name
 * or an operator's free text.
 */
@Component
class RequestAudit {

  private final AuditTrail audit;

  RequestAudit(AuditTrail audit) {
    this.audit = audit;
  }

  /** A request arrived; {@code details} say through which channel. */
  void received(RightsRequest r, String actor) {
    AuditRecord record =
        entry(r.reference(), r.property(), actor, "request.received")
            .detail("kind", r.kind().key())
            .detail("channel", r.channel().key())
            .detail("status", r.status().key());
    if (r.channelId() != null) {
      record = record.detail("channel_id", r.channelId());
    }
    if (r.purpose() != null) {
      record = record.detail("purpose", r.purpose().key());
    }
    if (r.lawId() != null) {
      record = record.detail("law", r.lawId());
    }
    audit.append(record);
  }

  /**
   * A request moved to {@code to}: {@code request.verified}, {@code request.in-progress}, {@code
   * request.completed}, {@code request.rejected} (with its ground) or {@code request.expired}.
   */
  void moved(
      String reference,
      String property,
      RightsRequestStatus to,
      RejectionGround ground,
      String actor) {
    AuditRecord record = entry(reference, property, actor, "request." + to.key());
    if (to == RightsRequestStatus.REJECTED) {
      record = record.detail("ground", (ground == null ? RejectionGround.OTHER : ground).key());
    }
    audit.append(record);
  }

  /** The requester proved the address is theirs ({@code how}: link, second-factor). */
  void verified(String reference, String property, String how, String actor) {
    audit.append(entry(reference, property, actor, "request.verified").detail("by", how));
  }

  void extended(RightsRequest r, ExtensionGround ground, String actor) {
    AuditRecord record =
        entry(r.reference(), r.property(), actor, "request.extended")
            .detail("ground", (ground == null ? ExtensionGround.OTHER : ground).key());
    if (r.dueAt() != null) {
      record = record.detail("due", day(r.dueAt()));
    }
    audit.append(record);
  }

  /** A copy of the person's data was written, ready to be handed over. */
  void exportPrepared(
      String reference,
      String property,
      long items,
      long categories,
      Instant expires,
      String actor) {
    audit.append(
        entry(reference, property, actor, "export.prepared")
            .count(items)
            .detail("categories", categories)
            .detail("link_expires", day(expires)));
  }

  /** The copy was handed over: a disclosure of personal data to the person who asked. */
  void exportDownloaded(String reference, String property, long items) {
    audit.append(entry(reference, property, "requester", "export.downloaded").count(items));
  }

  /** The copy's link expired unused and the file was deleted. */
  void exportDiscarded(String reference, String property, long items) {
    audit.append(
        entry(reference, property, "system:rights", "export.discarded")
            .count(items)
            .detail("why", "link-expired-unused"));
  }

  void erasureStarted(String reference, String property, String actor) {
    audit.append(entry(reference, property, actor, "erasure.started"));
  }

  /**
   * The erasure ran through every store: how many items it erased, how many a legal hold keeps, how
   * many are still linked when asked again (0 is the proof), and whether that is complete.
   */
  void erasureFinished(String reference, String property, List<ErasureLine> lines, String actor) {
    audit.append(
        entry(reference, property, actor, "erasure.finished")
            .count(lines.stream().mapToLong(ErasureLine::erased).sum())
            .detail("held", lines.stream().mapToLong(ErasureLine::held).sum())
            .detail("remaining", lines.stream().mapToLong(ErasureLine::remaining).sum())
            .detail("stores", lines.size())
            .detail("complete", ErasureReceipt.complete(lines)));
  }

  /** A manual step (at a processor, or in a store searched by hand) was done. */
  void stepDone(String reference, String property, long step, String source, String actor) {
    audit.append(
        entry(reference, property, actor, "request.step-done")
            .detail("step", step)
            .detail("source", source));
  }

  private static AuditRecord entry(String reference, String property, String actor, String action) {
    return AuditRecord.of(actor, action).property(property).detail("request", reference);
  }

  /** A date, not an instant: what an auditor compares with a deadline. */
  private static String day(Instant at) {
    return at.atOffset(ZoneOffset.UTC).toLocalDate().toString();
  }
}
