package dev.pledge.server.accounts;

import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.ObjectionPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RequestExports;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.rights.SelfServiceRequests;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * "Your data" (B-28, B-29): the account-dashboard channel of the engine's rights requests, at the
 * path the policy's dashboard channel names. What is held and for how long; a copy of it (the
 * engine's export, after a fresh second factor); restricting processing (a verified request the
 * engine applies); objecting to analytics, model training or marketing (honoured as received, as
 * the engine does for objections) and withdrawing an objection; deleting the account; and every
 * request with its status. Nothing here is a second implementation: each action opens a request in
 * the engine's queue and lets the engine act on it.
 */
@StudioController
class PrivacyDashboardController {

  private static final Logger log = LoggerFactory.getLogger(PrivacyDashboardController.class);
  private static final String ACTOR = "account";

  /** Where the dashboard answers; the policy's dashboard channel names the same path. */
  static final String PATH = "/account/privacy";

  private final CurrentAccount current;
  private final PrivacyDashboard dashboard;
  private final SelfServiceRequests selfService;
  private final RightsRequests requests;
  private final RequestExports exports;
  private final ProcessingRestrictions restrictions;
  private final StepUp stepUp;
  private final Studio studio;
  private final Clock clock;

  PrivacyDashboardController(
      CurrentAccount current,
      PrivacyDashboard dashboard,
      SelfServiceRequests selfService,
      RightsRequests requests,
      RequestExports exports,
      ProcessingRestrictions restrictions,
      StepUp stepUp,
      Studio studio,
      Clock clock) {
    this.current = current;
    this.dashboard = dashboard;
    this.selfService = selfService;
    this.requests = requests;
    this.exports = exports;
    this.restrictions = restrictions;
    this.stepUp = stepUp;
    this.studio = studio;
    this.clock = clock;
  }

  @GetMapping(PATH)
  String page(Model model, Locale locale) {
    return view(current.require(), model, locale, null);
  }

  /** A copy of everything (access, B-27): the engine's export, behind a fresh second factor. */
  @PostMapping(PATH + "/export")
  String export(HttpServletRequest request, Model model, Locale locale) throws IOException {
    StudioAccount a = current.require();
    stepUp.require(request, dashboardPath());
    RightsRequest r =
        selfService.openVerifiedForAccount(
            studio.id(),
            a.id(),
            RightsRequestKind.ACCESS,
            null,
            a.lawId(),
            stepUp.confirmedAt(request).orElse(null),
            clock.instant());
    RequestExports.PreparedExport prepared = exports.prepare(r.reference(), ACTOR);
    requests.changeStatus(
        r.reference(),
        RightsRequestStatus.COMPLETED,
        "export handed to the signed-in account on its dashboard",
        ACTOR);
    String link = prepared.link();
    int at = link.indexOf("/privacy/requests/export");
    model.addAttribute("exportPath", at < 0 ? link : link.substring(at));
    model.addAttribute("exportItems", prepared.items());
    model.addAttribute("exportExpires", prepared.expiresAt());
    log.info("Studio account {} exported its data ({})", a.id(), r.reference());
    return view(a, model, locale, "exported");
  }

  /** Restricting processing: everything stops but storage, until the person lifts it. */
  @PostMapping(PATH + "/restrict")
  String restrict(HttpServletRequest request) {
    StudioAccount a = current.require();
    stepUp.require(request, dashboardPath());
    if (dashboard.restricted(a.id())) {
      return "redirect:" + dashboardPath() + "?restricted";
    }
    RightsRequest r =
        selfService.openVerifiedForAccount(
            studio.id(),
            a.id(),
            RightsRequestKind.RESTRICTION,
            null,
            a.lawId(),
            stepUp.confirmedAt(request).orElse(null),
            clock.instant());
    restrictions.apply(r.reference(), ACTOR);
    return "redirect:" + dashboardPath() + "?restricted";
  }

  /** An objection to analytics, model training or marketing (B-40), honoured as received. */
  @PostMapping(PATH + "/object")
  String object(@RequestParam(name = "purpose", required = false) String purpose) {
    StudioAccount a = current.require();
    ObjectionPurpose p =
        Arrays.stream(ObjectionPurpose.values())
            .filter(o -> o.key().equals(purpose))
            .findFirst()
            .orElseThrow(StudioNotFound::new);
    boolean already =
        dashboard.objections(a.id()).stream()
            .anyMatch(o -> o.purpose().equals(p.key()) && o.active());
    if (!already) {
      RightsRequest r =
          requests.open(
              new NewRightsRequest(
                  studio.id(),
                  RightsRequestKind.OBJECTION,
                  p,
                  RequestChannel.ACCOUNT,
                  "dashboard",
                  null,
                  a.id(),
                  a.lawId(),
                  false),
              ACTOR);
      restrictions.apply(r.reference(), ACTOR);
      RightsRequest applied = requests.require(r.reference());
      requests.changeStatus(
          r.reference(), RightsRequestStatus.COMPLETED, restrictions.explain(applied), ACTOR);
    }
    return "redirect:" + dashboardPath() + "?objected";
  }

  /** Withdrawing an objection, or lifting one's own restriction. */
  @PostMapping(PATH + "/withdraw")
  String withdraw(@RequestParam(name = "request", required = false) String reference) {
    StudioAccount a = current.require();
    Optional<RightsRequest> r =
        Optional.ofNullable(reference)
            .flatMap(requests::byReference)
            .filter(x -> a.id().equals(x.subjectId()));
    if (r.isEmpty() || !ProcessingRestrictions.stopsProcessing(r.get())) {
      throw new StudioNotFound(); // not the reader's request
    }
    try {
      restrictions.lift(r.get().reference(), "withdrawn by the person on their dashboard", ACTOR);
    } catch (IllegalStateException e) {
      // nothing of it was in effect any more: the page shows the current state
    }
    return "redirect:" + dashboardPath() + "?withdrawn";
  }

  private static String dashboardPath() {
    return PATH;
  }

  private String view(StudioAccount a, Model model, Locale locale, String done) {
    model.addAttribute("account", a);
    model.addAttribute("held", dashboard.held(a.id(), locale));
    model.addAttribute("restricted", dashboard.restricted(a.id()));
    model.addAttribute(
        "restriction",
        restrictions.active(studio.id(), a.id()).stream()
            .filter(r -> r.stops().isEmpty())
            .findFirst()
            .orElse(null));
    model.addAttribute("objections", dashboard.objections(a.id()));
    model.addAttribute("requests", dashboard.requestsOf(a));
    model.addAttribute("dashboardPath", dashboardPath());
    model.addAttribute("done", done);
    model.addAttribute("nav", "privacy");
    return "studio/privacy";
  }
}
