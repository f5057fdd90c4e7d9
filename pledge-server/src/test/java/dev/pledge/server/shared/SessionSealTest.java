package dev.pledge.server.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SessionSealTest {

  private static final byte[] PLAIN =
      "an address: someone@example.org".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensOnlyWithItsOwnIdAndTable() {
    String id = SessionTable.newId();
    byte[] sealed = SessionSeal.seal(id, "console_session", PLAIN);
    assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("someone");
    assertThat(SessionSeal.open(id, "console_session", sealed)).isEqualTo(PLAIN);
    assertThat(SessionSeal.open(SessionTable.newId(), "console_session", sealed))
        .as("another session's id")
        .isNull();
    assertThat(SessionSeal.open(id, "studio_session", sealed)).as("another table").isNull();
    sealed[sealed.length - 1] ^= 1;
    assertThat(SessionSeal.open(id, "console_session", sealed)).as("a changed byte").isNull();
  }

  @Test
  void valuesWrittenBeforeSealingAreReadAsThey() {
    byte[] javaSerialised = {(byte) 0xAC, (byte) 0xED, 0, 5, 1, 2};
    assertThat(SessionSeal.open(SessionTable.newId(), "studio_session", javaSerialised))
        .isEqualTo(javaSerialised);
    assertThat(SessionSeal.open(SessionTable.newId(), "studio_session", new byte[0])).isNull();
  }
}
