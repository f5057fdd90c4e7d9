package dev.pledge.server.accesslog;

import static dev.pledge.server.accesslog.LogRuns.TAIL;
import static dev.pledge.server.accesslog.LogRuns.run;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A-08 keyed hashing: pseudonyms for abuse monitoring, unlinkable across keys. */
@Tag("A-08")
@Tag("A-06")
class LogHashingTest {
  final byte[] key = "0123456789abcdef0123456789abcdef".getBytes(ISO_8859_1);
  final byte[] otherKey = "fedcba9876543210fedcba9876543210".getBytes(ISO_8859_1);

  @Test
  @DisplayName("A-08 the same address and key give the same pseudonym; another key another")
  void stableUnderOneKey() throws IOException {
    String input =
        "198.51.100.23"
            + TAIL
            + "\n"
            + "198.51.100.23"
            + TAIL
            + "\n"
            + "198.51.100.24"
            + TAIL
            + "\n";
    String[] lines = run(LogAnonymiser.builder().hashKey(key).build(), input).out().split("\n");
    String first = lines[0].substring(0, lines[0].indexOf(' '));
    assertThat(lines[1]).startsWith(first + " ");
    assertThat(lines[2]).doesNotStartWith(first + " ");
    String again = run(LogAnonymiser.builder().hashKey(key).build(), input).out();
    assertThat(again.split("\n")[0]).isEqualTo(lines[0]);
    String other = run(LogAnonymiser.builder().hashKey(otherKey).build(), input).out();
    assertThat(other.split("\n")[0]).isNotEqualTo(lines[0]);
  }

  @Test
  @DisplayName("A-08 pseudonyms are valid addresses in 240.0.0.0/4 and 2001:db8::/32")
  void renderedAsReservedAddresses() throws IOException {
    LogAnonymiser a = LogAnonymiser.builder().hashKey(key).build();
    Ipv6Parser v6 = new Ipv6Parser();
    for (int i = 1; i < 200; i++) {
      String v4 = run(a, "198.51." + i + ".23" + TAIL + "\n").out();
      String pseudonym4 = v4.substring(0, v4.indexOf(' '));
      ParsedAddress p = new ParsedAddress();
      byte[] b4 = pseudonym4.getBytes(ISO_8859_1);
      assertThat(Ipv4Parser.parseExact(b4, 0, b4.length, p)).as(pseudonym4).isTrue();
      assertThat(p.ipv4 >>> 28).as(pseudonym4).isEqualTo(0xF);

      String six = run(a, "2001:db8:" + Integer.toHexString(i) + "::23" + TAIL + "\n").out();
      String pseudonym6 = six.substring(0, six.indexOf(' '));
      byte[] b6 = pseudonym6.getBytes(ISO_8859_1);
      assertThat(v6.parse(b6, 0, b6.length, p)).as(pseudonym6).isTrue();
      assertThat(p.hi >>> 32).as(pseudonym6).isEqualTo(0x20010db8L);
    }
    // IPv4-mapped IPv6 hashes like the IPv4 address it carries, and keeps its form.
    String plain = run(a, "198.51.100.23" + TAIL + "\n").out();
    String mapped = run(a, "::ffff:198.51.100.23" + TAIL + "\n").out();
    assertThat(mapped).isEqualTo("::ffff:" + plain);
  }

  @Test
  @DisplayName("A-08 in hash mode, addresses outside the client fields are still masked")
  void elsewhereMasked() throws IOException {
    LogRuns.Result r =
        run(
            LogAnonymiser.builder().hashKey(key).build(),
            "198.51.100.23" + TAIL + " \"203.0.113.9\"\n");
    assertThat(r.out()).containsPattern("^2(4\\d|5[0-5])\\.").endsWith(" \"203.0.113.0\"\n");
    assertThat(r.totals().addressesHashed()).isEqualTo(1);
    assertThat(r.totals().addressesMasked()).isEqualTo(1);
  }

  @Test
  @DisplayName("A-08 the hand-rolled HMAC-SHA256 equals javax.crypto.Mac for every key length")
  void hmacMatchesTheJdk() throws Exception {
    Random random = new Random(8);
    for (int keyLength : new int[] {16, 32, 63, 64, 65, 100}) {
      byte[] k = new byte[keyLength];
      random.nextBytes(k);
      AddressHasher hasher = new AddressHasher(k, false);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(k, "HmacSHA256"));
      for (int inputLength : new int[] {4, 16}) {
        for (int n = 0; n < 50; n++) {
          byte[] input = new byte[inputLength];
          random.nextBytes(input);
          hasher.hmac(input);
          assertThat(hasher.lastDigest()).isEqualTo(mac.doFinal(input));
        }
      }
    }
  }

  @Test
  @DisplayName("a key shorter than 16 bytes is refused")
  void shortKey() {
    assertThatThrownBy(() -> LogAnonymiser.builder().hashKey(new byte[8]).build())
        .hasMessageContaining("at least 16");
  }
}
