package dev.pledge.server.devapi;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StepUp;
import dev.pledge.server.accounts.TeamAccess;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The account's API keys page: list, create (after a fresh second factor, B-12; the key shown this
 * once), revoke; and the "API data sharing" choice (B-28).
 */
@StudioController
class ApiKeysController {

  static final String PATH = "/account/api-keys";
  static final int NAME_MAX = 60;
  static final List<Integer> EXPIRY_DAYS = List.of(0, 30, 90, 365);

  private final CurrentAccount current;
  private final StepUp stepUp;
  private final TeamAccess teams;
  private final ApiKeys keys;
  private final ApiSettings settings;
  private final ApiUsage usage;
  private final Clock clock;

  ApiKeysController(
      CurrentAccount current,
      StepUp stepUp,
      TeamAccess teams,
      ApiKeys keys,
      ApiSettings settings,
      ApiUsage usage,
      Clock clock) {
    this.current = current;
    this.stepUp = stepUp;
    this.teams = teams;
    this.keys = keys;
    this.settings = settings;
    this.usage = usage;
    this.clock = clock;
  }

  /** How far back the page's usage table reaches. */
  static final int USAGE_DAYS = 30;

  @GetMapping(PATH)
  String page(HttpServletRequest request, Model model) {
    String me = current.requireId();
    model.addAttribute("keys", keys.of(me));
    model.addAttribute("now", clock.instant());
    model.addAttribute("teams", managedTeams(me));
    model.addAttribute("expiries", EXPIRY_DAYS);
    model.addAttribute("fresh", stepUp.fresh(request));
    model.addAttribute("shareUsage", settings.sharesUsage(me));
    java.util.Map<String, ApiKeys.ApiKey> byId = new java.util.HashMap<>();
    keys.of(me).forEach(k -> byId.put(k.id(), k));
    model.addAttribute("keysById", byId);
    model.addAttribute(
        "usage", usage.daily(me, clock.instant().minus(java.time.Duration.ofDays(USAGE_DAYS))));
    model.addAttribute("usageDays", USAGE_DAYS);
    model.addAttribute("nav", "security");
    return "studio/api-keys";
  }

  @PostMapping(PATH)
  String create(
      HttpServletRequest request,
      HttpServletResponse response,
      @RequestParam(name = "name", required = false) String name,
      @RequestParam(name = "scope", required = false) List<String> scopes,
      @RequestParam(name = "expires", required = false) Integer expiresDays,
      @RequestParam(name = "team", required = false) String team,
      Model model) {
    String me = current.requireId();
    stepUp.require(request, PATH);
    String n = name == null ? "" : name.strip();
    Set<ApiKeys.Scope> chosen = EnumSet.noneOf(ApiKeys.Scope.class);
    if (scopes != null) {
      scopes.forEach(s -> ApiKeys.Scope.of(s).ifPresent(chosen::add));
    }
    String teamId = team == null || team.isBlank() ? null : team;
    if (teamId != null && !teams.canManage(me, teamId)) {
      throw new StudioNotFound();
    }
    int days = expiresDays == null ? 0 : expiresDays;
    if (n.isEmpty() || n.length() > NAME_MAX || chosen.isEmpty() || !EXPIRY_DAYS.contains(days)) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute(
          "problem",
          n.isEmpty() || n.length() > NAME_MAX
              ? "api-keys.problem.name"
              : chosen.isEmpty() ? "api-keys.problem.scopes" : "api-keys.problem.expiry");
      return page(request, model);
    }
    Instant expires = days == 0 ? null : clock.instant().plus(Duration.ofDays(days));
    ApiKeys.Created created = keys.create(me, teamId, n, chosen, expires);
    model.addAttribute("created", created);
    response.setHeader("Cache-Control", "no-store");
    return page(request, model);
  }

  @PostMapping(PATH + "/{keyId}/revoke")
  String revoke(@PathVariable String keyId) {
    if (!keys.revoke(current.requireId(), keyId)) {
      throw new StudioNotFound();
    }
    return "redirect:" + PATH + "?revoked";
  }

  @PostMapping(PATH + "/sharing")
  String sharing(@RequestParam(name = "share", required = false) String share) {
    settings.setSharesUsage(current.requireId(), "yes".equals(share));
    return "redirect:" + PATH + "?saved";
  }

  /** The teams whose keys the account may make: id → name. */
  private Map<String, String> managedTeams(String me) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : teams.teamsOf(me)) {
      if (teams.canManage(me, t)) {
        out.put(t, teams.name(t).orElse(t));
      }
    }
    return out;
  }
}
