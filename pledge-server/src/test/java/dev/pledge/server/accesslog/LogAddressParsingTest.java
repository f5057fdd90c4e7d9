package dev.pledge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A-06 rests on finding every address: the hand-written parsers and the canonical renderer, checked
 * against the JDK's own parser.
 */
@Tag("A-06")
class LogAddressParsingTest {

  private final Ipv6Parser parser = new Ipv6Parser();

  private ParsedAddress parse(String text) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    ParsedAddress a = new ParsedAddress();
    return parser.parse(b, 0, b.length, a) ? a : null;
  }

  private static String render(ParsedAddress a) {
    byte[] out = new byte[64];
    int end =
        a.ipv6
            ? AddressRenderer.writeIpv6(out, 0, a.hi, a.lo)
            : AddressRenderer.writeIpv4(out, 0, a.ipv4);
    return new String(out, 0, end, StandardCharsets.ISO_8859_1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::",
        "::1",
        "1::",
        "2001:db8::1",
        "2001:DB8:0:0:8:800:200C:417A",
        "2001:0db8:0000:0000:0000:0000:0000:0001",
        "fe80::1",
        "ff02::1:ff00:1",
        "::ffff:192.0.2.1",
        "::ffff:c000:201",
        "64:ff9b::198.51.100.7",
        "::192.0.2.1",
        "1:2:3:4:5:6:7::",
        "::2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4",
        "2001:db8:85a3::8a2e:370:7334"
      })
  @DisplayName("A-06 every textual IPv6 form parses to the value the JDK reads")
  void parsesLikeTheJdk(String text) throws Exception {
    ParsedAddress a = parse(text);
    assertThat(a).as(text).isNotNull();
    byte[] expected = InetAddress.getByName(text).getAddress();
    if (expected.length == 4) { // the JDK folds ::ffff:a.b.c.d to IPv4
      assertThat(a.isMappedIpv4()).isTrue();
      assertThat((int) a.lo).isEqualTo(ByteBuffer.wrap(expected).getInt());
    } else {
      ByteBuffer bb = ByteBuffer.wrap(expected);
      assertThat(a.hi).isEqualTo(bb.getLong());
      assertThat(a.lo).isEqualTo(bb.getLong());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "1:2",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "::1:2:3:4:5:6:7:8",
        "12345::1",
        "g::1",
        "1:",
        ":1",
        "1:2:3:4:5:6:7:8:",
        "::ffff:256.1.1.1",
        "::ffff:1.2.3",
        "1.2.3.4::",
        "2000:13:55:36",
        "std::vector"
      })
  @DisplayName("A-06 text that is not an IPv6 address is refused")
  void refusesWhatIsNotAnAddress(String text) {
    assertThat(parse(text)).as(text).isNull();
  }

  @Test
  @DisplayName("renders RFC 5952 canonical text: lower case, longest zero run compressed")
  void rendersCanonically() {
    assertThat(render(parse("2001:0DB8:0000:0000:0000:0000:0000:0001"))).isEqualTo("2001:db8::1");
    assertThat(render(parse("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
    assertThat(render(parse("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(render(parse("::"))).isEqualTo("::");
    assertThat(render(parse("::1"))).isEqualTo("::1");
    assertThat(render(parse("1::"))).isEqualTo("1::");
    assertThat(render(parse("::ffff:c000:201"))).isEqualTo("::ffff:192.0.2.1");
  }

  @Test
  @DisplayName("random addresses survive a round trip through renderer and parser")
  void roundTrips() throws Exception {
    Random random = new Random(6);
    for (int i = 0; i < 20_000; i++) {
      long hi = random.nextLong();
      long lo = random.nextLong();
      // Zero groups often, so compression is exercised.
      for (int g = 0; g < 8; g++) {
        if (random.nextInt(3) == 0) {
          if (g < 4) {
            hi &= ~(0xFFFFL << (48 - 16 * g));
          } else {
            lo &= ~(0xFFFFL << (48 - 16 * (g - 4)));
          }
        }
      }
      ParsedAddress a = new ParsedAddress();
      a.setIpv6(hi, lo);
      String text = render(a);
      ParsedAddress back = parse(text);
      assertThat(back).as(text).isNotNull();
      assertThat(back.hi).as(text).isEqualTo(hi);
      assertThat(back.lo).as(text).isEqualTo(lo);
      if (!a.isMappedIpv4()) {
        ByteBuffer jdk = ByteBuffer.wrap(InetAddress.getByName(text).getAddress());
        assertThat(jdk.getLong()).as(text).isEqualTo(hi);
        assertThat(jdk.getLong()).as(text).isEqualTo(lo);
      }
    }
  }

  @Test
  @DisplayName("IPv4: dotted quads only, every octet at most 255, rendered back the same")
  void ipv4() {
    ParsedAddress a = new ParsedAddress();
    byte[] ok = "203.0.113.255".getBytes(StandardCharsets.ISO_8859_1);
    assertThat(Ipv4Parser.parseExact(ok, 0, ok.length, a)).isTrue();
    assertThat(render(a)).isEqualTo("203.0.113.255");
    for (String bad :
        new String[] {"256.1.1.1", "1.2.3", "1.2.3.4.5", "1234.1.1.1", "1..2.3", "a.b.c.d", ""}) {
      byte[] b = bad.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(Ipv4Parser.parseExact(b, 0, b.length, a)).as(bad).isFalse();
    }
  }
}
