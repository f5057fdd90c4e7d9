package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.shared.StoredSession;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.web.servlet.FlashMap;

/** What a console session keeps across requests and instances, read back from its row. */
@WithRunningServer
class ConsoleSessionRepositoryTest {

  @Autowired JdbcClient jdbc;

  private ConsoleSessionRepository repository() {
    return new ConsoleSessionRepository(jdbc, Clock.systemUTC(), Duration.ofMinutes(30));
  }

  @Test
  @DisplayName(
      "a flash message (a console form's redirect, e.g. 'Reply sent') survives the round trip"
          + " through the table, with its target parameters")
  void flashAttributesComeBack() {
    ConsoleSessionRepository sessions = repository();
    StoredSession session = sessions.createSession();
    FlashMap flash = new FlashMap();
    flash.put("done", "Ticket closed.");
    flash.setTargetRequestPath("/console/support/T-1");
    flash.addTargetRequestParam("page", "2");
    List<FlashMap> flashes = new ArrayList<>(List.of(flash));
    session.setAttribute(
        "org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS", flashes);
    sessions.save(session);

    StoredSession loaded = sessions.findById(session.getId());
    assertThat(loaded).isNotNull();
    List<FlashMap> back =
        loaded.getAttribute(
            "org.springframework.web.servlet.support.SessionFlashMapManager.FLASH_MAPS");
    assertThat(back).hasSize(1);
    assertThat(back.get(0).get("done")).isEqualTo("Ticket closed.");
    assertThat(back.get(0).getTargetRequestParams().getFirst("page")).isEqualTo("2");
  }

  @Test
  @DisplayName(
      "a session holding a type outside the allowed ones is not deserialised: it is dropped and"
          + " its row deleted")
  void otherTypesAreNotDeserialised() {
    ConsoleSessionRepository sessions = repository();
    StoredSession session = sessions.createSession();
    LinkedCaseInsensitiveMap<String> other = new LinkedCaseInsensitiveMap<>();
    other.put("a", "b");
    session.setAttribute("other", other);
    sessions.save(session);

    assertThat(sessions.findById(session.getId())).isNull();
    assertThat(
            jdbc.sql("select count(*) from console_session where session_hash = :hash")
                .param("hash", ConsoleSessionRepository.hash(session.getId()))
                .query(Long.class)
                .single())
        .isZero();
  }
}
