package dev.pledge.server.accesslog;

import static dev.pledge.server.accesslog.LogRuns.TAIL;
import static dev.pledge.server.accesslog.LogRuns.anonymise;
import static dev.pledge.server.accesslog.LogRuns.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A-06 client addresses are masked in every textual form. */
@Tag("A-06")
class LogAddressMaskingTest {

  @Test
  @DisplayName("A-06 IPv4 to /24 and IPv6 to /48 by default; nothing else in the line changes")
  void defaultMasks() throws IOException {
    assertThat(anonymise("203.0.113.77" + TAIL + "\n")).isEqualTo("203.0.113.0" + TAIL + "\n");
    assertThat(anonymise("2001:db8:abcd:12:3456:789a:bcde:f012" + TAIL + "\n"))
        .isEqualTo("2001:db8:abcd::" + TAIL + "\n");
  }

  @Test
  @DisplayName("A-06 IPv6 compressed, full, upper case, mixed, zone id, brackets and ports")
  void ipv6Forms() throws IOException {
    String[][] cases = {
      {"2001:db8:1:2::7", "2001:db8:1::"},
      {"2001:0DB8:0001:0002:0003:0004:0005:0006", "2001:db8:1::"},
      {"::ffff:198.51.100.23", "::ffff:198.51.100.0"},
      {"::ffff:c633:6417", "::ffff:198.51.100.0"},
      {"fe80::1234:5678%eth0", "fe80::%eth0"},
      {"[2001:db8:1:2::7]", "[2001:db8:1::]"},
      {"[2001:db8:1:2::7]:443", "[2001:db8:1::]:443"},
      {"[fe80::99%25en0]:8080", "[fe80::%25en0]:8080"},
      {"198.51.100.23:5678", "198.51.100.0:5678"},
      {"::1", "::"},
      {"64:ff9b::198.51.100.23", "64:ff9b::"},
    };
    for (String[] c : cases) {
      assertThat(anonymise(c[0] + TAIL + "\n")).as(c[0]).isEqualTo(c[1] + TAIL + "\n");
    }
  }

  @Test
  @DisplayName("A-06 6to4 addresses lose the IPv4 address they carry in bits 16-47")
  void sixToFour() throws IOException {
    // 2002:c633:6417::/48 holds 198.51.100.23 whole; masked like that IPv4 address.
    assertThat(anonymise("2002:c633:6417:1::5" + TAIL + "\n"))
        .isEqualTo("2002:c633:6400::" + TAIL + "\n");
  }

  @Test
  @DisplayName("A-06 --ipv4-mask and --ipv6-mask set the bits kept")
  void maskBits() throws IOException {
    LogAnonymiser.Builder sixteen = LogAnonymiser.builder().ipv4MaskBits(16).ipv6MaskBits(32);
    assertThat(anonymise(sixteen, "203.0.113.77" + TAIL + "\n")).startsWith("203.0.0.0 ");
    assertThat(anonymise(sixteen, "2001:db8:abcd::1" + TAIL + "\n")).startsWith("2001:db8:: ");
    assertThat(anonymise(sixteen, "::ffff:203.0.113.77" + TAIL + "\n"))
        .startsWith("::ffff:203.0.0.0 ");
    LogAnonymiser.Builder odd = LogAnonymiser.builder().ipv4MaskBits(20).ipv6MaskBits(56);
    assertThat(anonymise(odd, "203.0.127.77" + TAIL + "\n")).startsWith("203.0.112.0 ");
    assertThat(anonymise(odd, "2001:db8:abcd:12ff::1" + TAIL + "\n"))
        .startsWith("2001:db8:abcd:1200:: ");
    LogAnonymiser.Builder none = LogAnonymiser.builder().ipv4MaskBits(0).ipv6MaskBits(0);
    assertThat(anonymise(none, "203.0.113.77" + TAIL + "\n")).startsWith("0.0.0.0 ");
    assertThat(anonymise(none, "2001:db8::1" + TAIL + "\n")).startsWith(":: ");
    LogAnonymiser.Builder all = LogAnonymiser.builder().ipv4MaskBits(32).ipv6MaskBits(128);
    assertThat(anonymise(all, "203.0.113.77" + TAIL + "\n")).startsWith("203.0.113.77 ");
  }

  @Test
  @DisplayName("mask bits out of range are refused with the range in the message")
  void badMaskBits() {
    assertThatThrownBy(() -> LogAnonymiser.builder().ipv4MaskBits(33).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and 32");
    assertThatThrownBy(() -> LogAnonymiser.builder().ipv6MaskBits(-1).build())
        .hasMessageContaining("between 0 and 128");
  }

  @Test
  @DisplayName("a host name in the client field is replaced: it names the client too")
  void hostNamesReplaced() throws IOException {
    LogRuns.Result result =
        run(LogAnonymiser.builder().build(), "crawl-66-249-66-1.googlebot.com" + TAIL + "\n");
    assertThat(result.out()).isEqualTo("0.0.0.0" + TAIL + "\n");
    assertThat(result.totals().replacedFields()).isEqualTo(1);
    assertThat(anonymise(LogAnonymiser.builder().replacement("-"), "unknown" + TAIL + "\n"))
        .isEqualTo("-" + TAIL + "\n");
  }

  @Test
  @DisplayName("--skip-private leaves private, loopback and link-local addresses alone")
  void skipPrivate() throws IOException {
    LogAnonymiser.Builder skip = LogAnonymiser.builder().skipPrivate(true);
    for (String kept :
        new String[] {
          "10.1.2.3",
          "172.16.5.4",
          "192.168.1.77",
          "127.0.0.1",
          "169.254.9.9",
          "::1",
          "fd12:3456:789a::1",
          "fe80::1%eth0",
          "::ffff:192.168.1.77"
        }) {
      assertThat(anonymise(skip, kept + TAIL + "\n")).as(kept).isEqualTo(kept + TAIL + "\n");
    }
    for (String masked : new String[] {"172.32.5.4", "100.64.1.1", "8.8.8.8", "2001:db8::1"}) {
      assertThat(anonymise(skip, masked + TAIL + "\n"))
          .as(masked)
          .isNotEqualTo(masked + TAIL + "\n");
    }
    // Without the flag, private addresses are masked like any other.
    assertThat(anonymise("192.168.1.77" + TAIL + "\n")).startsWith("192.168.1.0 ");
  }
}
