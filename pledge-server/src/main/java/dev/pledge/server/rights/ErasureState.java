package dev.pledge.server.rights;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether a request's erasure job is scheduled and not finished ({@code rights_request_erasure}).
 */
@Component
class ErasureState {

  private final JdbcClient jdbc;

  ErasureState(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean running(String reference) {
    return jdbc.sql(
            """
            select exists (select 1 from rights_request_erasure e
              join rights_request r on r.id = e.request_id
              where r.reference = :r and e.finished_at is null)
            """)
        .param("r", reference)
        .query(Boolean.class)
        .single();
  }
}
