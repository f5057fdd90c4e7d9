package dev.pledge.server.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestPathTest {

  @Test
  @DisplayName("an ordinary path is split into decoded segments, remembering a trailing slash")
  void parsesOrdinaryPaths() {
    assertThat(RequestPath.parse("/")).contains(RequestPath.ROOT);
    assertThat(RequestPath.parse("/formats/png"))
        .contains(new RequestPath(List.of("formats", "png"), false));
    assertThat(RequestPath.parse("/formats/")).contains(new RequestPath(List.of("formats"), true));
    assertThat(RequestPath.parse("/notes/caf%C3%A9%20au%20lait"))
        .contains(new RequestPath(List.of("notes", "café au lait"), false));
    assertThat(RequestPath.parse("/images/a+b.png").orElseThrow().canonicalUrl())
        .isEqualTo("/images/a+b.png");
  }

  @ParameterizedTest(name = "{0} is refused")
  @ValueSource(
      strings = {
        "/..",
        "/../etc/passwd",
        "/formats/../../etc/passwd",
        "/./formats",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/formats/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%2Fsecret.txt",
        "/..%5csecret.txt",
        "/..%5Csecret.txt",
        "/..\\secret.txt",
        "/formats\\..\\..\\secret.txt",
        "//etc/passwd",
        "/formats//png",
        "/%2fetc/passwd",
        "/.hidden",
        "/.git/config",
        "/formats/.drafts/new",
        "/%2ehidden",
        "/formats/..;/..;/secret.txt",
        "/formats/png;jsessionid=1",
        "/c:/windows/win.ini",
        "/C%3A%5Cwindows",
        "/secret%00.md",
        "/bad%zzescape",
        "/truncated%2",
        "/invalid-utf8-%C0%AE%C0%AE",
        "/raw-non-ascii-é",
        "relative/path",
        "/tab%09name"
      })
  void refusesAnythingThatCouldLeaveTheRootOrHideAFile(String raw) {
    assertThat(RequestPath.parse(raw)).isEmpty();
  }

  @Test
  @DisplayName("absurdly deep paths are refused before any file-system work")
  void refusesVeryDeepPaths() {
    assertThat(RequestPath.parse("/a".repeat(RequestPath.MAX_SEGMENTS + 1))).isEmpty();
    assertThat(RequestPath.parse("/a".repeat(RequestPath.MAX_SEGMENTS))).isPresent();
  }
}
