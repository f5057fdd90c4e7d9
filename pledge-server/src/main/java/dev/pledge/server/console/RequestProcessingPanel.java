package dev.pledge.server.console;

import dev.pledge.server.rights.ProcessingRestriction;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.SubjectRectifier;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the request page's processing section shows (console/request-processing.html): for a
 * restriction, objection or opt-out, what it stops and whether it is in effect; for a
 * rectification, the fields the property's stores can correct. The template asks this bean itself,
 * so the request page's controller needs to know nothing about it.
 */
@Component("requestProcessingPanel")
class RequestProcessingPanel {

  private final ProcessingRestrictions restrictions;
  private final SubjectRectifier rectifier;

  RequestProcessingPanel(ProcessingRestrictions restrictions, SubjectRectifier rectifier) {
    this.restrictions = restrictions;
    this.rectifier = rectifier;
  }

  /** One thing the request stopped, as a row. */
  record Stopped(
      String stops, String since, String appliedBy, boolean active, String lifted, String reason) {

    static Stopped of(ProcessingRestriction p) {
      return new Stopped(
          p.stopsInWords(),
          ComplianceController.time(p.since()),
          p.appliedBy(),
          p.active(),
          p.active() ? "" : ComplianceController.time(p.liftedAt()) + " by " + p.liftedBy(),
          p.liftReason());
    }
  }

  /** A correctable field as a choice: value {@code store|field}. */
  record FieldChoice(String value, String label) {}

  /**
   * @param stopsProcessing a restriction, objection or opt-out
   * @param whyNotApply why Apply is not offered, or null when it is
   * @param stopped what it stopped, lifted or not
   * @param liftable something it stopped is still in effect
   * @param explanation the words for the requester, once something was stopped
   * @param completable the request can be completed with those words
   * @param rectification a rectification request
   * @param whyNotRectify why no correction can be made, or null
   * @param fields the correctable fields of the property
   */
  record Panel(
      boolean stopsProcessing,
      String whyNotApply,
      List<Stopped> stopped,
      boolean liftable,
      String explanation,
      boolean completable,
      boolean rectification,
      String whyNotRectify,
      List<FieldChoice> fields) {

    public boolean shown() {
      return stopsProcessing || rectification;
    }
  }

  public Panel of(RightsRequest r) {
    boolean stops = ProcessingRestrictions.stopsProcessing(r);
    boolean rectification = r.kind() == RightsRequestKind.RECTIFICATION;
    List<ProcessingRestriction> done = stops ? restrictions.ofRequest(r.reference()) : List.of();
    boolean active = done.stream().anyMatch(ProcessingRestriction::active);
    return new Panel(
        stops,
        stops ? ProcessingRestrictions.whyNot(r).orElse(null) : null,
        done.stream().map(Stopped::of).toList(),
        active,
        done.isEmpty() ? null : restrictions.explain(r),
        !done.isEmpty()
            && !r.status().closed()
            && r.status() != RightsRequestStatus.AWAITING_VERIFICATION,
        rectification,
        rectification ? SubjectRectifier.whyNot(r).orElse(null) : null,
        rectification
            ? rectifier.fields(r.property()).stream()
                .map(
                    f ->
                        new FieldChoice(
                            f.store() + "|" + f.field(),
                            f.field() + " in " + f.store() + " (" + f.category() + ")"))
                .toList()
            : List.of());
  }
}
