package dev.pledge.server.accounts;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who may reach a team's things (B-14): other modules ask this before showing or changing anything
 * a team shares (its projects, images, keys). A team id that is not the account's — or does not
 * exist — gets the same answer, so callers answer 404 for both.
 */
@Component
public class TeamAccess {

  private final JdbcClient jdbc;

  TeamAccess(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The account's role in the team, or empty when it is not a member (or there is no team). */
  public Optional<TeamRole> role(String accountId, String teamId) {
    if (!AccountRecords.isUuid(accountId) || !AccountRecords.isUuid(teamId)) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select m.role from studio_team_member m
            join studio_account a on a.account_id = m.account_id and a.deleted_at is null
            where m.team_id = :team and m.account_id = :account
            """)
        .param("team", teamId)
        .param("account", accountId)
        .query(String.class)
        .optional()
        .flatMap(TeamRole::ofKey);
  }

  /** May the account see the team's shared things? Any member may. */
  public boolean canRead(String accountId, String teamId) {
    return role(accountId, teamId).isPresent();
  }

  /** May the account change the team's shared things (edit its projects)? Any member may. */
  public boolean canEdit(String accountId, String teamId) {
    return role(accountId, teamId).isPresent();
  }

  /** May the account manage the team (members, invitations, team keys)? Owners and admins. */
  public boolean canManage(String accountId, String teamId) {
    return role(accountId, teamId).map(TeamRole::manages).orElse(false);
  }

  /** The ids of the teams the account belongs to. */
  public List<String> teamsOf(String accountId) {
    return jdbc.sql(
            "select team_id from studio_team_member where account_id = :account order by joined_at")
        .param("account", accountId)
        .query(String.class)
        .list();
  }

  /** The team's name, for showing which team something belongs to. */
  public Optional<String> name(String teamId) {
    if (!AccountRecords.isUuid(teamId)) {
      return Optional.empty();
    }
    return jdbc.sql("select name from studio_team where team_id = :team")
        .param("team", teamId)
        .query(String.class)
        .optional();
  }
}
