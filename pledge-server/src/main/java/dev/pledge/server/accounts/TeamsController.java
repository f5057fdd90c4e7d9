package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Optional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Teams (B-07): create one, invite by e-mail (a single-use link to the invited address only), roles
 * owner / admin / member, change a role, remove someone, hand the team over, leave, delete. A team
 * that is not the reader's answers 404 — like one that does not exist (B-14).
 */
@StudioController
class TeamsController {

  /** An invitation opened before signing in, accepted right after. */
  static final String PENDING_INVITE = TeamsController.class.getName() + ".invite";

  private final CurrentAccount current;
  private final Teams teams;
  private final TeamAccess access;
  private final SingleUseTokens tokens;
  private final AccountMail mail;
  private final SignInThrottles throttles;
  private final TransactionTemplate tx;

  TeamsController(
      CurrentAccount current,
      Teams teams,
      TeamAccess access,
      SingleUseTokens tokens,
      AccountMail mail,
      SignInThrottles throttles,
      TransactionTemplate tx) {
    this.current = current;
    this.teams = teams;
    this.access = access;
    this.tokens = tokens;
    this.mail = mail;
    this.throttles = throttles;
    this.tx = tx;
  }

  @GetMapping("/teams")
  String list(Model model) {
    return listView(current.require(), model, new FormProblems(), "");
  }

  @PostMapping("/teams")
  String create(
      @RequestParam(name = "name", required = false) String name,
      Model model,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    String n = Inputs.text(name);
    FormProblems problems = teamNameProblems(n);
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return listView(a, model, problems, Inputs.length(n) > Inputs.TEAM_NAME_MAX ? "" : n);
    }
    String id = tx.execute(t -> teams.create(a.id(), n));
    return "redirect:/teams/" + id + "?created";
  }

  @GetMapping("/teams/{teamId}")
  String team(@PathVariable String teamId, Model model) {
    StudioAccount a = current.require();
    TeamRole role = roleOrNotFound(a, teamId);
    return teamView(a, teamId, role, model, new FormProblems(), "");
  }

  @PostMapping("/teams/{teamId}/invites")
  String invite(
      @PathVariable String teamId,
      @RequestParam(name = "email", required = false) String email,
      @RequestParam(name = "role", required = false) String role,
      Model model,
      Locale locale,
      HttpServletResponse response) {
    StudioAccount a = current.require();
    TeamRole mine = roleOrNotFound(a, teamId);
    if (!mine.manages()) {
      throw new StudioNotFound();
    }
    String e = Inputs.text(email);
    FormProblems problems = new FormProblems();
    String problem = Inputs.emailProblem(e);
    Optional<TeamRole> invited =
        TeamRole.ofKey(role == null ? "" : role).filter(r -> r != TeamRole.OWNER);
    if (problem != null) {
      problems.add("email", problem, Inputs.EMAIL_MAX);
    } else if (e.equalsIgnoreCase(a.email()) || teams.memberOrInvited(teamId, e)) {
      problems.add("email", "team.invite.already");
    } else if (!throttles.mayMail(e)) {
      problems.add("email", "email.limited");
    }
    if (invited.isEmpty() || (invited.get() == TeamRole.ADMIN && mine != TeamRole.OWNER)) {
      problems.add("role", "team.role.invalid");
    }
    if (!problems.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return teamView(a, teamId, mine, model, problems, e.length() > Inputs.EMAIL_MAX ? "" : e);
    }
    String teamName = teams.team(teamId).map(Teams.Team::name).orElseThrow(StudioNotFound::new);
    tx.executeWithoutResult(
        t -> {
          String token = tokens.newToken();
          teams.invite(teamId, a.id(), e, invited.get(), token);
          mail.teamInvite(a.id(), e, locale, a.name(), teamName, token);
        });
    return "redirect:/teams/" + teamId + "?invited";
  }

  @PostMapping("/teams/{teamId}/invites/cancel")
  String cancelInvite(
      @PathVariable String teamId, @RequestParam(name = "invite", required = false) String invite) {
    StudioAccount a = current.require();
    if (!roleOrNotFound(a, teamId).manages() || !teams.cancelInvite(teamId, invite)) {
      throw new StudioNotFound();
    }
    return "redirect:/teams/" + teamId;
  }

  @PostMapping("/teams/{teamId}/members/role")
  String changeRole(
      @PathVariable String teamId,
      @RequestParam(name = "member", required = false) String member,
      @RequestParam(name = "role", required = false) String role) {
    StudioAccount a = current.require();
    if (roleOrNotFound(a, teamId) != TeamRole.OWNER) {
      throw new StudioNotFound();
    }
    TeamRole target = memberRoleOrNotFound(member, teamId);
    TeamRole wanted =
        TeamRole.ofKey(role == null ? "" : role)
            .filter(r -> r != TeamRole.OWNER)
            .orElseThrow(StudioNotFound::new);
    if (target == TeamRole.OWNER) {
      throw new StudioNotFound();
    }
    teams.setRole(teamId, member, wanted);
    return "redirect:/teams/" + teamId;
  }

  @PostMapping("/teams/{teamId}/members/remove")
  String remove(
      @PathVariable String teamId, @RequestParam(name = "member", required = false) String member) {
    StudioAccount a = current.require();
    TeamRole mine = roleOrNotFound(a, teamId);
    TeamRole target = memberRoleOrNotFound(member, teamId);
    // Owners remove anyone but themselves; admins remove members only.
    boolean allowed =
        target != TeamRole.OWNER
            && !member.equals(a.id())
            && (mine == TeamRole.OWNER || (mine == TeamRole.ADMIN && target == TeamRole.MEMBER));
    if (!allowed) {
      throw new StudioNotFound();
    }
    teams.remove(teamId, member);
    return "redirect:/teams/" + teamId + "?removed";
  }

  @PostMapping("/teams/{teamId}/transfer")
  String transfer(
      @PathVariable String teamId, @RequestParam(name = "member", required = false) String member) {
    StudioAccount a = current.require();
    if (roleOrNotFound(a, teamId) != TeamRole.OWNER) {
      throw new StudioNotFound();
    }
    if (memberRoleOrNotFound(member, teamId) == TeamRole.OWNER) {
      throw new StudioNotFound();
    }
    tx.executeWithoutResult(t -> teams.transfer(teamId, a.id(), member));
    return "redirect:/teams/" + teamId + "?transferred";
  }

  @PostMapping("/teams/{teamId}/leave")
  String leave(@PathVariable String teamId, Model model, HttpServletResponse response) {
    StudioAccount a = current.require();
    TeamRole mine = roleOrNotFound(a, teamId);
    if (mine == TeamRole.OWNER) {
      if (teams.members(teamId).size() > 1) {
        response.setStatus(HttpServletResponse.SC_CONFLICT);
        return teamView(
            a, teamId, mine, model, new FormProblems().add("leave", "team.leave.owner"), "");
      }
      teams.delete(teamId); // the last one out: nobody is left to keep it
      return "redirect:/teams?left";
    }
    teams.leave(teamId, a.id());
    return "redirect:/teams?left";
  }

  @PostMapping("/teams/{teamId}/delete")
  String delete(@PathVariable String teamId) {
    StudioAccount a = current.require();
    if (roleOrNotFound(a, teamId) != TeamRole.OWNER) {
      throw new StudioNotFound();
    }
    teams.delete(teamId);
    return "redirect:/teams?deleted";
  }

  /** The page an invitation's link opens: its script posts the token from the fragment. */
  @GetMapping("/invite")
  String invitePage() {
    return "studio/invite";
  }

  @PostMapping("/invite")
  String openInvite(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      Model model,
      HttpServletResponse response) {
    Optional<Teams.Open> open = teams.openInvite(token);
    if (open.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    Optional<StudioAccount> a = current.get();
    if (a.isEmpty() || !a.get().verified()) {
      // Kept in the session (it is this browser's invitation) while the person signs in or up.
      request.getSession(true).setAttribute(PENDING_INVITE, token.strip());
      model.addAttribute("team", open.get().teamName());
      return "studio/invite-sign-in";
    }
    return acceptView(token.strip(), a.get(), model, response);
  }

  @GetMapping("/invite/continue")
  String continueInvite(HttpServletRequest request, Model model, HttpServletResponse response) {
    StudioAccount a = current.require();
    Object token = request.getSession(true).getAttribute(PENDING_INVITE);
    request.getSession().removeAttribute(PENDING_INVITE);
    if (!(token instanceof String t)) {
      return "redirect:/teams";
    }
    return acceptView(t, a, model, response);
  }

  private String acceptView(
      String token, StudioAccount a, Model model, HttpServletResponse response) {
    Optional<Teams.Open> open = teams.openInvite(token);
    if (open.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_GONE);
      return "studio/link-invalid";
    }
    Optional<String> joined = tx.execute(t -> teams.accept(token, a));
    if (joined == null || joined.isEmpty()) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      model.addAttribute("team", open.get().teamName());
      return "studio/invite-other-address";
    }
    return "redirect:/teams/" + joined.get() + "?joined";
  }

  private TeamRole roleOrNotFound(StudioAccount a, String teamId) {
    return access.role(a.id(), teamId).orElseThrow(StudioNotFound::new);
  }

  private TeamRole memberRoleOrNotFound(String member, String teamId) {
    return access.role(member, teamId).orElseThrow(StudioNotFound::new);
  }

  private static FormProblems teamNameProblems(String n) {
    FormProblems problems = new FormProblems();
    if (n.isEmpty()) {
      problems.add("name", "team.name.missing");
    } else if (Inputs.length(n) > Inputs.TEAM_NAME_MAX || Inputs.hasControl(n)) {
      problems.add("name", "team.name.too-long", Inputs.TEAM_NAME_MAX);
    }
    return problems;
  }

  private String listView(StudioAccount a, Model model, FormProblems problems, String name) {
    model.addAttribute("teams", teams.of(a.id()));
    model.addAttribute("problems", problems);
    model.addAttribute("name", name);
    model.addAttribute("nav", "teams");
    return "studio/teams";
  }

  private String teamView(
      StudioAccount a,
      String teamId,
      TeamRole role,
      Model model,
      FormProblems problems,
      String email) {
    Teams.Team team = teams.team(teamId).orElseThrow(StudioNotFound::new);
    model.addAttribute("team", team);
    model.addAttribute("role", role);
    model.addAttribute("me", a.id());
    model.addAttribute("members", teams.members(teamId));
    model.addAttribute("invites", role.manages() ? teams.invites(teamId) : java.util.List.of());
    model.addAttribute("problems", problems);
    model.addAttribute("email", email);
    model.addAttribute("nav", "teams");
    return "studio/team";
  }
}
