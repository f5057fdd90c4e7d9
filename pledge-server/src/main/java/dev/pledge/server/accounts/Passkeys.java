package dev.pledge.server.accounts;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The account's passkeys as its security page lists them, and removing one. */
@Component
class Passkeys {

  /** One passkey: a handle for the page (its credential id, base64url), its label and dates. */
  record Listed(String handle, String label, Instant created, Instant lastUsed) {}

  private final JdbcClient jdbc;

  Passkeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<Listed> of(String accountId) {
    return jdbc.sql(
            """
            select credential_id, label, created_at, last_used_at from studio_passkey
            where account_id = :id order by created_at
            """)
        .param("id", accountId)
        .query(
            (rs, i) ->
                new Listed(
                    Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(rs.getBytes("credential_id")),
                    rs.getString("label"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("last_used_at") == null
                        ? null
                        : rs.getTimestamp("last_used_at").toInstant()))
        .list();
  }

  /** Removes one of the account's passkeys; false when the handle names none of them. */
  boolean remove(String accountId, String handle) {
    byte[] id;
    try {
      id = Base64.getUrlDecoder().decode(handle == null ? "" : handle);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return jdbc.sql("delete from studio_passkey where account_id = :a and credential_id = :c")
            .param("a", accountId)
            .param("c", id)
            .update()
        == 1;
  }
}
