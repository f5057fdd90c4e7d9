package dev.pledge.server.accounts;

import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RequestErasures;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequestStatus;
import dev.pledge.server.rights.RightsRequests;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The parent's page (B-33, B-34), reached by the single-use link e-mailed to the parent's address —
 * no account: the link opens half an hour of access to that one child's account in that browser.
 * The parent sees the account and what it holds, agrees (the account unlocks), restricts
 * processing, deletes the account, or reports that they never allowed it. Deleting and reporting
 * both erase the child's data at once through the engine's erasure, whose receipt goes to the
 * parent; restricting is a verified request the engine applies. A parent without a valid link asks
 * for a new one with their address (the answer is the same whether or not it is on record).
 */
@StudioController
class ParentController {

  private static final Logger log = LoggerFactory.getLogger(ParentController.class);
  static final Duration ACCESS = Duration.ofMinutes(30);
  private static final String ACTOR = "parent";

  private final SingleUseTokens tokens;
  private final AccountRecords accounts;
  private final Guardians guardians;
  private final PrivacyDashboard dashboard;
  private final Sessions sessions;
  private final RightsRequests requests;
  private final ProcessingRestrictions restrictions;
  private final RequestErasures erasures;
  private final AccountMail mail;
  private final SignInThrottles throttles;
  private final AgeRulesOfStudio ages;
  private final Studio studio;
  private final TransactionTemplate tx;
  private final Clock clock;

  ParentController(
      SingleUseTokens tokens,
      AccountRecords accounts,
      Guardians guardians,
      PrivacyDashboard dashboard,
      Sessions sessions,
      RightsRequests requests,
      ProcessingRestrictions restrictions,
      RequestErasures erasures,
      AccountMail mail,
      SignInThrottles throttles,
      AgeRulesOfStudio ages,
      Studio studio,
      TransactionTemplate tx,
      Clock clock) {
    this.tokens = tokens;
    this.accounts = accounts;
    this.guardians = guardians;
    this.dashboard = dashboard;
    this.sessions = sessions;
    this.requests = requests;
    this.restrictions = restrictions;
    this.erasures = erasures;
    this.mail = mail;
    this.throttles = throttles;
    this.ages = ages;
    this.studio = studio;
    this.tx = tx;
    this.clock = clock;
  }

  @GetMapping("/parent")
  String linkPage() {
    return "studio/parent-link";
  }

  @PostMapping("/parent")
  String open(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response) {
    Optional<SingleUseTokens.Used> used = tokens.use(token, SingleUseTokens.Purpose.PARENT);
    Optional<Guardians.Guardian> guardian = used.flatMap(u -> guardians.of(u.accountId()));
    if (guardian.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    HttpSession session = request.getSession(true);
    request.changeSessionId();
    session.setAttribute(
        ParentAccess.SESSION,
        new ParentAccess(
            guardian.get().childId(), guardian.get().parentEmail(), clock.instant().plus(ACCESS)));
    return "redirect:/parent/child";
  }

  @GetMapping("/parent/child")
  String child(HttpServletRequest request, Model model, Locale locale) {
    Optional<ParentAccess> access = access(request);
    if (access.isEmpty()) {
      return "redirect:/parent/access";
    }
    return view(access.get(), model, locale, null);
  }

  @PostMapping("/parent/consent")
  String consent(HttpServletRequest request, Model model, Locale locale) {
    Optional<ParentAccess> access = access(request);
    if (access.isEmpty()) {
      return "redirect:/parent/access";
    }
    String child = access.get().childId();
    tx.executeWithoutResult(
        t -> {
          guardians.consented(child);
          accounts
              .byId(child)
              .filter(a -> a.status() == AccountStatus.AWAITING_PARENT)
              .ifPresent(a -> accounts.setStatus(child, AccountStatus.ACTIVE, clock.instant()));
        });
    log.info("A parent agreed to studio account {}", child);
    return view(access.get(), model, locale, "consented");
  }

  @PostMapping("/parent/restrict")
  String restrict(HttpServletRequest request, Model model, Locale locale) {
    Optional<ParentAccess> access = access(request);
    if (access.isEmpty()) {
      return "redirect:/parent/access";
    }
    if (!dashboard.restricted(access.get().childId())) {
      RightsRequest r = verifiedRequest(access.get(), RightsRequestKind.RESTRICTION);
      restrictions.apply(r.reference(), ACTOR);
    }
    return view(access.get(), model, locale, "restricted");
  }

  /** Erase the child's account at once: the parent asks, or reports they never allowed it. */
  @PostMapping("/parent/erase")
  String erase(
      @RequestParam(name = "reason", required = false) String reason,
      HttpServletRequest request,
      Model model) {
    Optional<ParentAccess> access = access(request);
    if (access.isEmpty()) {
      return "redirect:/parent/access";
    }
    ParentAccess a = access.get();
    boolean report = "never-allowed".equals(reason);
    RightsRequest r =
        tx.execute(
            t -> {
              // Closed at once: nobody signs in to it while the erasure runs.
              accounts.setStatus(a.childId(), AccountStatus.DELETED, clock.instant());
              sessions.revokeAll(a.childId());
              RightsRequest opened = verifiedRequest(a, RightsRequestKind.ERASURE);
              requests.note(
                  opened.reference(),
                  "parent",
                  report
                      ? "the parent reports the account was opened without their permission;"
                          + " erased at once (B-33, B-34)"
                      : "the parent asks for the child's account to be deleted; erased at once"
                          + " (B-34)",
                  ACTOR);
              return opened;
            });
    erasures.schedule(r.reference(), ACTOR);
    request.getSession().removeAttribute(ParentAccess.SESSION);
    log.info("A parent had studio account {} erased ({})", a.childId(), r.reference());
    model.addAttribute("reference", r.reference());
    model.addAttribute("report", report);
    return "studio/parent-erased";
  }

  @GetMapping("/parent/access")
  String accessPage(Model model) {
    model.addAttribute("problems", new FormProblems());
    model.addAttribute("email", "");
    return "studio/parent-access";
  }

  @PostMapping("/parent/access")
  String askAccess(
      @RequestParam(name = "email", required = false) String email,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    String e = Inputs.text(email);
    String problem = Inputs.emailProblem(e);
    if (problem != null) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problems", new FormProblems().add("email", problem, Inputs.EMAIL_MAX));
      model.addAttribute("email", e.length() > Inputs.EMAIL_MAX ? "" : e);
      return "studio/parent-access";
    }
    if (throttles.mayMail(e)) {
      for (String child : guardians.childrenOf(e)) {
        accounts
            .byId(child)
            .filter(a -> a.status() != AccountStatus.DELETED)
            .ifPresent(
                a ->
                    tx.executeWithoutResult(
                        t ->
                            mail.parentAccess(
                                a,
                                e,
                                locale,
                                tokens.issue(a.id(), SingleUseTokens.Purpose.PARENT, null))));
      }
    }
    return "studio/parent-access-sent";
  }

  /** A request on the child's behalf, verified by the parent's link to their own address. */
  private RightsRequest verifiedRequest(ParentAccess a, RightsRequestKind kind) {
    StudioAccount child = accounts.byId(a.childId()).orElseThrow();
    RightsRequest opened =
        requests.open(
            new NewRightsRequest(
                studio.id(),
                kind,
                null,
                RequestChannel.EMAIL,
                "parent",
                a.parentEmail(),
                child.id(),
                child.lawId(),
                kind == RightsRequestKind.ERASURE),
            ACTOR);
    if (opened.status() == RightsRequestStatus.VERIFIED) {
      return opened;
    }
    return requests.changeStatus(
        opened.reference(),
        RightsRequestStatus.VERIFIED,
        "the child's parent or guardian, by the single-use link sent to the parent's address",
        ACTOR);
  }

  private Optional<ParentAccess> access(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session == null
        || !(session.getAttribute(ParentAccess.SESSION) instanceof ParentAccess a)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!a.until().isAfter(now)) {
      session.removeAttribute(ParentAccess.SESSION);
      return Optional.empty();
    }
    return accounts.byId(a.childId()).filter(c -> c.status() != AccountStatus.DELETED).map(c -> a);
  }

  private String view(ParentAccess access, Model model, Locale locale, String done) {
    StudioAccount child = accounts.byId(access.childId()).orElseThrow();
    Guardians.Guardian guardian = guardians.of(child.id()).orElse(null);
    model.addAttribute("child", child);
    model.addAttribute(
        "age",
        child.ageOn(java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)));
    model.addAttribute("guardian", guardian);
    model.addAttribute("held", dashboard.held(child.id(), locale));
    model.addAttribute("restricted", dashboard.restricted(child.id()));
    model.addAttribute(
        "minor",
        ages.rules()
            .minor(
                child.birthDate(),
                java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC)));
    model.addAttribute("until", access.until());
    model.addAttribute("done", done);
    return "studio/parent";
  }
}
