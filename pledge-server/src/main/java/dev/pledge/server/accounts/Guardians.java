package dev.pledge.server.accounts;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A minor's parent or guardian on record: their address, and whether and when they agreed. */
@Component
class Guardians {

  record Guardian(
      String childId, String parentEmail, boolean consentRequired, Instant consentedAt) {
    @Override
    public String toString() {
      return "Guardian[" + childId + "]";
    }
  }

  private final JdbcClient jdbc;
  private final Clock clock;

  Guardians(JdbcClient jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  Optional<Guardian> of(String childId) {
    return jdbc.sql(
            "select account_id, parent_email, consent_required, consented_at from studio_guardian"
                + " where account_id = :id")
        .param("id", childId)
        .query(
            (rs, i) ->
                new Guardian(
                    rs.getString("account_id"),
                    rs.getString("parent_email"),
                    rs.getBoolean("consent_required"),
                    rs.getTimestamp("consented_at") == null
                        ? null
                        : rs.getTimestamp("consented_at").toInstant()))
        .optional();
  }

  /** The children whose parent's address is {@code email}. */
  List<String> childrenOf(String email) {
    return jdbc.sql("select account_id from studio_guardian where lower(parent_email) = lower(:e)")
        .param("e", email)
        .query(String.class)
        .list();
  }

  void consented(String childId) {
    jdbc.sql(
            "update studio_guardian set consented_at = coalesce(consented_at, :now)"
                + " where account_id = :id")
        .param("now", Timestamp.from(clock.instant()))
        .param("id", childId)
        .update();
  }
}
