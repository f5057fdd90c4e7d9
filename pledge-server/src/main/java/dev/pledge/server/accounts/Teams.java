package dev.pledge.server.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Teams (B-07, B-14): who is in which, with which role, and the invitations on their way. Every
 * method takes ids the controller already checked against the reader; the owner is a member with
 * the role {@code owner}, and also the team row's {@code account_id}, so the team is erased with
 * its owner's data.
 */
@Component
class Teams {

  static final Duration INVITE_TTL = Duration.ofDays(7);

  record Summary(String id, String name, TeamRole role, int members) {}

  record Team(String id, String name, String ownerId, Instant created) {}

  record Member(String accountId, String username, String name, TeamRole role, Instant joined) {}

  record Invite(String handle, String email, TeamRole role, Instant created, Instant expires) {}

  private final JdbcClient jdbc;
  private final Clock clock;

  Teams(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  String create(String ownerId, String name) {
    String id = UUID.randomUUID().toString();
    Timestamp now = Timestamp.from(clock.instant());
    jdbc.sql(
            "insert into studio_team (team_id, account_id, name, created_at)"
                + " values (:id, :owner, :name, :now)")
        .param("id", id)
        .param("owner", ownerId)
        .param("name", name)
        .param("now", now)
        .update();
    jdbc.sql(
            "insert into studio_team_member (team_id, account_id, role, joined_at)"
                + " values (:id, :owner, 'owner', :now)")
        .param("id", id)
        .param("owner", ownerId)
        .param("now", now)
        .update();
    return id;
  }

  List<Summary> of(String accountId) {
    return jdbc.sql(
            """
            select t.team_id, t.name, m.role,
              (select count(*) from studio_team_member x where x.team_id = t.team_id) as members
            from studio_team_member m join studio_team t on t.team_id = m.team_id
            where m.account_id = :a order by t.name, t.team_id
            """)
        .param("a", accountId)
        .query(
            (rs, i) ->
                new Summary(
                    rs.getString("team_id"),
                    rs.getString("name"),
                    TeamRole.ofKey(rs.getString("role")).orElseThrow(),
                    rs.getInt("members")))
        .list();
  }

  Optional<Team> team(String teamId) {
    return jdbc.sql(
            "select team_id, name, account_id, created_at from studio_team where team_id = :t")
        .param("t", teamId)
        .query(
            (rs, i) ->
                new Team(
                    rs.getString("team_id"),
                    rs.getString("name"),
                    rs.getString("account_id"),
                    rs.getTimestamp("created_at").toInstant()))
        .optional();
  }

  List<Member> members(String teamId) {
    return jdbc.sql(
            """
            select m.account_id, a.username, a.name, m.role, m.joined_at
            from studio_team_member m join studio_account a on a.account_id = m.account_id
            where m.team_id = :t and a.deleted_at is null
            order by case m.role when 'owner' then 0 when 'admin' then 1 else 2 end, a.name
            """)
        .param("t", teamId)
        .query(
            (rs, i) ->
                new Member(
                    rs.getString("account_id"),
                    rs.getString("username"),
                    rs.getString("name"),
                    TeamRole.ofKey(rs.getString("role")).orElseThrow(),
                    rs.getTimestamp("joined_at").toInstant()))
        .list();
  }

  List<Invite> invites(String teamId) {
    return jdbc.sql(
            """
            select token_hash, email, role, created_at, expires_at from studio_team_invite
            where team_id = :t and expires_at > :now order by created_at
            """)
        .param("t", teamId)
        .param("now", Timestamp.from(clock.instant()))
        .query(
            (rs, i) ->
                new Invite(
                    Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(rs.getBytes("token_hash")),
                    rs.getString("email"),
                    TeamRole.ofKey(rs.getString("role")).orElseThrow(),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("expires_at").toInstant()))
        .list();
  }

  /** Whether an address is already a member or invited (and the invitation still open). */
  boolean memberOrInvited(String teamId, String email) {
    return jdbc.sql(
            """
            select exists (select 1 from studio_team_member m
                join studio_account a on a.account_id = m.account_id
                where m.team_id = :t and lower(a.email) = lower(:e))
              or exists (select 1 from studio_team_invite
                where team_id = :t and lower(email) = lower(:e) and expires_at > :now)
            """)
        .param("t", teamId)
        .param("e", email)
        .param("now", Timestamp.from(clock.instant()))
        .query(Boolean.class)
        .single();
  }

  /** Records an invitation whose token is {@code token}. */
  void invite(String teamId, String inviterId, String email, TeamRole role, String token) {
    Instant now = clock.instant();
    jdbc.sql(
            """
            insert into studio_team_invite (token_hash, team_id, account_id, email, role,
              created_at, expires_at)
            values (:hash, :t, :a, :e, :r, :now, :expires)
            """)
        .param("hash", SingleUseTokens.hash(token))
        .param("t", teamId)
        .param("a", inviterId)
        .param("e", email)
        .param("r", role.key())
        .param("now", Timestamp.from(now))
        .param("expires", Timestamp.from(now.plus(INVITE_TTL)))
        .update();
  }

  boolean cancelInvite(String teamId, String handle) {
    byte[] hash;
    try {
      hash = Base64.getUrlDecoder().decode(handle == null ? "" : handle);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return jdbc.sql("delete from studio_team_invite where team_id = :t and token_hash = :h")
            .param("t", teamId)
            .param("h", hash)
            .update()
        == 1;
  }

  /** An open invitation. */
  record Open(String teamId, String teamName, String email, TeamRole role) {}

  Optional<Open> openInvite(String token) {
    if (token == null || token.isBlank() || token.length() > 100) {
      return Optional.empty();
    }
    return jdbc.sql(
            """
            select i.team_id, t.name, i.email, i.role from studio_team_invite i
            join studio_team t on t.team_id = i.team_id
            where i.token_hash = :h and i.expires_at > :now
            """)
        .param("h", SingleUseTokens.hash(token.strip()))
        .param("now", Timestamp.from(clock.instant()))
        .query(
            (rs, i) ->
                new Open(
                    rs.getString("team_id"),
                    rs.getString("name"),
                    rs.getString("email"),
                    TeamRole.ofKey(rs.getString("role")).orElseThrow()))
        .optional();
  }

  /**
   * Accepts the invitation for {@code account}, whose address must be the one invited. Returns the
   * team id, or empty when the token is not open or the address differs.
   */
  Optional<String> accept(String token, StudioAccount account) {
    Optional<Open> open = openInvite(token);
    if (open.isEmpty()
        || !open.get()
            .email()
            .toLowerCase(Locale.ROOT)
            .equals(account.email().toLowerCase(Locale.ROOT))) {
      return Optional.empty();
    }
    int used =
        jdbc.sql("delete from studio_team_invite where token_hash = :h and expires_at > :now")
            .param("h", SingleUseTokens.hash(token.strip()))
            .param("now", Timestamp.from(clock.instant()))
            .update();
    if (used == 0) {
      return Optional.empty();
    }
    jdbc.sql(
            """
            insert into studio_team_member (team_id, account_id, role, joined_at)
            values (:t, :a, :r, :now) on conflict (team_id, account_id) do nothing
            """)
        .param("t", open.get().teamId())
        .param("a", account.id())
        .param("r", open.get().role() == TeamRole.OWNER ? "member" : open.get().role().key())
        .param("now", Timestamp.from(clock.instant()))
        .update();
    return Optional.of(open.get().teamId());
  }

  /** Adds a member directly (the demo's seed; people join by invitation). */
  void addMember(String teamId, String accountId, TeamRole role) {
    jdbc.sql(
            """
            insert into studio_team_member (team_id, account_id, role, joined_at)
            values (:t, :a, :r, :now) on conflict (team_id, account_id) do nothing
            """)
        .param("t", teamId)
        .param("a", accountId)
        .param("r", role.key())
        .param("now", Timestamp.from(clock.instant()))
        .update();
  }

  void remove(String teamId, String accountId) {
    jdbc.sql(
            "delete from studio_team_member where team_id = :t and account_id = :a and role <> 'owner'")
        .param("t", teamId)
        .param("a", accountId)
        .update();
  }

  void setRole(String teamId, String accountId, TeamRole role) {
    if (role == TeamRole.OWNER) {
      throw new IllegalArgumentException("ownership is handed over with transfer()");
    }
    jdbc.sql(
            "update studio_team_member set role = :r where team_id = :t and account_id = :a"
                + " and role <> 'owner'")
        .param("r", role.key())
        .param("t", teamId)
        .param("a", accountId)
        .update();
  }

  /** Hands the team to {@code toAccountId} (a member); the old owner stays as an admin. */
  void transfer(String teamId, String fromAccountId, String toAccountId) {
    jdbc.sql("update studio_team_member set role = 'admin' where team_id = :t and account_id = :a")
        .param("t", teamId)
        .param("a", fromAccountId)
        .update();
    jdbc.sql("update studio_team_member set role = 'owner' where team_id = :t and account_id = :a")
        .param("t", teamId)
        .param("a", toAccountId)
        .update();
    jdbc.sql("update studio_team set account_id = :a where team_id = :t")
        .param("t", teamId)
        .param("a", toAccountId)
        .update();
  }

  void delete(String teamId) {
    jdbc.sql("delete from studio_team where team_id = :t").param("t", teamId).update();
  }

  void leave(String teamId, String accountId) {
    jdbc.sql("delete from studio_team_member where team_id = :t and account_id = :a")
        .param("t", teamId)
        .param("a", accountId)
        .update();
  }

  /**
   * The account is being deleted: each team it owns passes to its longest-standing admin, else its
   * longest-standing member, so the others keep their team; a team with nobody else stays with the
   * account (restorable with it, erased with it).
   */
  void handOverOwnedTeams(String accountId) {
    List<String> owned =
        jdbc.sql("select team_id from studio_team where account_id = :a")
            .param("a", accountId)
            .query(String.class)
            .list();
    for (String team : owned) {
      jdbc.sql(
              """
              select m.account_id from studio_team_member m
              join studio_account a on a.account_id = m.account_id and a.deleted_at is null
              where m.team_id = :t and m.account_id <> :a
              order by case m.role when 'admin' then 0 else 1 end, m.joined_at limit 1
              """)
          .param("t", team)
          .param("a", accountId)
          .query(String.class)
          .optional()
          .ifPresent(heir -> transfer(team, accountId, heir));
    }
  }

  /** Forgets invitations a day after they expired; returns how many. */
  int tidy() {
    return jdbc.sql("delete from studio_team_invite where expires_at < :before")
        .param("before", Timestamp.from(clock.instant().minus(Duration.ofDays(1))))
        .update();
  }
}
