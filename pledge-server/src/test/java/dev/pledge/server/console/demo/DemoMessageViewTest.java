package dev.pledge.server.console.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.console.demo.DemoMessageView.Piece;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DemoMessageViewTest {

  @Test
  @DisplayName(
      "a message's web links become links, fragment included, without a trailing full stop; nothing"
          + " else does")
  void onlyWebLinksAreLinks() {
    assertThat(
            DemoMessageView.pieces(
                "Open http://localhost:8080/p/x/privacy/requests/verify#t=0a1b2c. Or"
                    + " javascript:alert(1) <b>"))
        .containsExactly(
            new Piece("Open ", null),
            new Piece(
                "http://localhost:8080/p/x/privacy/requests/verify#t=0a1b2c",
                "http://localhost:8080/p/x/privacy/requests/verify#t=0a1b2c"),
            new Piece(". Or javascript:alert(1) <b>", null));
    assertThat(DemoMessageView.pieces("")).isEmpty();
  }
}
