package dev.pledge.server.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * For tests outside the accounts package: a team with a member, and a minor with a parent's
 * single-use link, made as the accounts module makes them (its own tests walk the invitation and
 * the parent's e-mail themselves).
 */
public final class AccountsTestAccess {

  private AccountsTestAccess() {}

  /** A new team of {@code owner}'s with {@code member} in it as a plain member; its id. */
  public static String team(ApplicationContext context, String owner, String member, String name) {
    Teams teams = context.getBean(Teams.class);
    String id = teams.create(owner, name);
    teams.addMember(id, member, TeamRole.MEMBER);
    return id;
  }

  /**
   * An open invitation of {@code inviter}'s into the team, for a new address; its handle (what the
   * team page's cancel form sends as {@code invite}).
   */
  public static String invite(ApplicationContext context, String teamId, String inviter) {
    Teams teams = context.getBean(Teams.class);
    String token = context.getBean(SingleUseTokens.class).newToken();
    teams.invite(
        teamId, inviter, "invited-" + System.nanoTime() + "@example.org", TeamRole.MEMBER, token);
    return teams.invites(teamId).stream()
        .filter(i -> i.email().startsWith("invited-"))
        .reduce((a, b) -> b)
        .orElseThrow()
        .handle();
  }

  /**
   * Makes {@code childId} a 13-year-old whose parent ({@code parentEmail}) has not agreed yet, and
   * returns the token of the parent's single-use link (what {@code POST /parent} takes).
   */
  public static String parentLink(ApplicationContext context, String childId, String parentEmail) {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    jdbc.sql("update studio_account set birth_date = :born where account_id = :id")
        .param("born", LocalDate.now().minusYears(13))
        .param("id", childId)
        .update();
    jdbc.sql(
            """
            insert into studio_guardian (account_id, parent_email, consent_required, created_at)
            values (:id, :email, true, :now)
            on conflict (account_id) do update set parent_email = excluded.parent_email
            """)
        .param("id", childId)
        .param("email", parentEmail)
        .param("now", Timestamp.from(Instant.now()))
        .update();
    return context
        .getBean(SingleUseTokens.class)
        .issue(childId, SingleUseTokens.Purpose.PARENT, null);
  }
}
