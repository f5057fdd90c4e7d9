package dev.pledge.server.accounts;

import dev.pledge.server.shared.SessionTable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A person's sessions as they see and end them: device, approximate last use, when it began, which
 * one is this browser. A session is named on the page by a handle derived from its stored hash,
 * never by its id. Revoking deletes the row, so the session ends on its next request.
 */
@Component
class Sessions {

  /** One session in the list. */
  record Listed(
      String handle,
      String device,
      String network,
      Instant created,
      Instant lastUsed,
      boolean current) {}

  private final JdbcClient jdbc;

  Sessions(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<Listed> of(String accountId, HttpServletRequest request) {
    byte[] here = currentHash(request);
    return jdbc.sql(
            """
            select session_hash, device, ip_prefix, created_at, last_used_at from studio_session
            where account_id = :id order by last_used_at desc
            """)
        .param("id", accountId)
        .query(
            (rs, i) -> {
              byte[] hash = rs.getBytes("session_hash");
              return new Listed(
                  handle(hash),
                  rs.getString("device"),
                  rs.getString("ip_prefix"),
                  rs.getTimestamp("created_at").toInstant(),
                  rs.getTimestamp("last_used_at").toInstant(),
                  here != null && MessageDigest.isEqual(here, hash));
            })
        .list();
  }

  /** Ends one of the account's sessions; false when the handle names none of its sessions. */
  boolean revoke(String accountId, String handle) {
    byte[] hash;
    try {
      hash = Base64.getUrlDecoder().decode(handle == null ? "" : handle);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return jdbc.sql("delete from studio_session where account_id = :id and session_hash = :hash")
            .param("id", accountId)
            .param("hash", hash)
            .update()
        == 1;
  }

  /** Ends every session of the account ("sign out everywhere"); returns how many. */
  int revokeAll(String accountId) {
    return jdbc.sql("delete from studio_session where account_id = :id")
        .param("id", accountId)
        .update();
  }

  /** Ends every session of the account but this browser's; returns how many. */
  int revokeOthers(String accountId, HttpServletRequest request) {
    byte[] here = currentHash(request);
    if (here == null) {
      return revokeAll(accountId);
    }
    return jdbc.sql("delete from studio_session where account_id = :id and session_hash <> :here")
        .param("id", accountId)
        .param("here", here)
        .update();
  }

  static String handle(byte[] hash) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
  }

  private static byte[] currentHash(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    return session == null ? null : SessionTable.hash(session.getId());
  }
}
