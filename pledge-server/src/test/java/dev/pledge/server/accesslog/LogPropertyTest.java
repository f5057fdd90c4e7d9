package dev.pledge.server.accesslog;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Thousands of random lines — well-formed, damaged and pure junk — with random addresses in random
 * places and every textual form: no input address may survive, and no line may be lost.
 */
@Tag("A-06")
@Tag("A-02")
class LogPropertyTest {

  private static final String DELIMITERS = " \t\"',;=()[]<>/?&|!#*+~{}";
  private static final int LINES = 4000;

  private final Random random = new Random(20240601);
  private final List<String> planted = new ArrayList<>();

  @Test
  @DisplayName("A-06 masking: no planted address survives, in any form; the line count holds")
  void masking() throws IOException {
    check(LogAnonymiser.builder().build());
  }

  @Test
  @DisplayName("A-06 hashing: no planted address survives either; the line count holds")
  void hashing() throws IOException {
    check(LogAnonymiser.builder().hashKey(new byte[32]).build());
  }

  @Test
  @DisplayName("A-06 a custom format with X-Forwarded-For: nothing survives")
  void customFormat() throws IOException {
    check(
        LogAnonymiser.builder()
            .format(
                "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-agent}i\" \"%{X-Forwarded-For}i\"")
            .build());
  }

  private void check(LogAnonymiser anonymiser) throws IOException {
    StringBuilder input = new StringBuilder();
    List<List<String>> plantedPerLine = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      planted.clear();
      input.append(randomLine());
      input.append(random.nextInt(10) == 0 ? "\r\n" : "\n");
      plantedPerLine.add(List.copyOf(planted));
    }
    String in = input.toString();
    String out = LogRuns.run(anonymiser, in).out();

    assertThat(count(out, '\n')).isEqualTo(count(in, '\n')).isEqualTo(LINES);
    String[] outLines = out.split("\n", -1);
    for (int i = 0; i < LINES; i++) {
      String line = outLines[i];
      for (String address : plantedPerLine.get(i)) {
        assertThat(line).as("line %d still holds %s", i + 1, address).doesNotContain(address);
        String canonical = canonical(address);
        assertThat(line)
            .as("line %d still holds %s as %s", i + 1, address, canonical)
            .doesNotContain(canonical);
        String prefix = first64Bits(address);
        if (prefix != null) {
          assertThat(line)
              .as("line %d still holds the /64 of %s", i + 1, address)
              .doesNotContain(prefix);
        }
      }
    }
  }

  /** One line: a combined-format line with addresses planted in its fields, or damaged, or junk. */
  private String randomLine() {
    int shape = random.nextInt(10);
    if (shape < 6) {
      String line =
          clientField()
              + " - "
              + (random.nextBoolean() ? "-" : "user" + random.nextInt(99))
              + " [10/Oct/2023:13:55:36 +0000] \"GET /p?"
              + junkWith(2)
              + " HTTP/1.1\" 200 "
              + random.nextInt(99999)
              + " \""
              + junkWith(1)
              + "\" \"Mozilla/5.0 "
              + junkWith(1)
              + "\" \""
              + addressList()
              + "\"";
      if (shape == 5) {
        // Damaged: cut anywhere, as a full disk or a crash leaves a log.
        return line.substring(0, random.nextInt(line.length()));
      }
      return line;
    }
    return junkWith(1 + random.nextInt(4));
  }

  private String clientField() {
    return random.nextInt(10) == 0 ? "host" + random.nextInt(99) + ".example.net" : address();
  }

  private String addressList() {
    StringBuilder list = new StringBuilder(address());
    for (int n = random.nextInt(3); n > 0; n--) {
      list.append(random.nextBoolean() ? ", " : ",").append(address());
    }
    return list.toString();
  }

  /** Random bytes (anything but a newline) with addresses planted between delimiters. */
  private String junkWith(int addresses) {
    StringBuilder s = new StringBuilder();
    for (int a = 0; a < addresses; a++) {
      for (int n = random.nextInt(30); n > 0; n--) {
        char c;
        do {
          c = (char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(256));
        } while (c == '\n');
        s.append(c);
      }
      s.append(DELIMITERS.charAt(random.nextInt(DELIMITERS.length())));
      s.append(address());
      s.append(DELIMITERS.charAt(random.nextInt(DELIMITERS.length())));
    }
    return s.toString();
  }

  /** A random address in a random textual form; its bare text is remembered. */
  private String address() {
    int form = random.nextInt(12);
    String v4 =
        random.nextInt(256)
            + "."
            + random.nextInt(256)
            + "."
            + random.nextInt(256)
            + "."
            + (1 + random.nextInt(255));
    String v6 = ipv6();
    switch (form) {
      case 0, 1, 2:
        planted.add(v4);
        return v4;
      case 3:
        planted.add(v4);
        return v4 + ":" + random.nextInt(65536);
      case 4:
        planted.add(v4);
        return "::ffff:" + v4;
      case 5:
        planted.add(v6);
        return "[" + v6 + "]:" + random.nextInt(65536);
      case 6:
        planted.add(v6);
        return "[" + v6 + "]";
      case 7:
        String linkLocal = "fe80::" + Integer.toHexString(1 + random.nextInt(0xFFFF));
        planted.add(linkLocal);
        return linkLocal + "%eth" + random.nextInt(4);
      default:
        planted.add(v6);
        return v6;
    }
  }

  /** Full, compressed, upper-case or mixed text of a random address with bits past /48. */
  private String ipv6() {
    int[] groups = new int[8];
    for (int g = 0; g < 8; g++) {
      groups[g] = random.nextInt(4) == 0 ? 0 : random.nextInt(0x10000);
    }
    groups[7] |= 1;
    if (groups[0] == 0x2002) {
      groups[0] = 0x2001;
    }
    StringBuilder s = new StringBuilder();
    boolean full = random.nextInt(4) == 0;
    for (int g = 0; g < 8; g++) {
      if (g > 0) {
        s.append(':');
      }
      s.append(full ? String.format("%04x", groups[g]) : Integer.toHexString(groups[g]));
    }
    String text = s.toString();
    if (!full) {
      // Compress the first run of zero groups, as most software does.
      text = ("x:" + text + ":x").replaceFirst(":0(:0)+:", "::");
      text = text.substring(2, text.length() - 2);
      if (text.startsWith(":") && !text.startsWith("::")) {
        text = ":" + text;
      }
      if (text.endsWith(":") && !text.endsWith("::")) {
        text = text + ":";
      }
    }
    return random.nextInt(5) == 0 ? text.toUpperCase() : text;
  }

  /** The address as this tool would write it (RFC 5952), in case it came through re-written. */
  private static String canonical(String address) {
    try {
      byte[] bytes = InetAddress.getByName(address).getAddress();
      if (bytes.length == 4) {
        return InetAddress.getByAddress(bytes).getHostAddress();
      }
      ByteBuffer bb = ByteBuffer.wrap(bytes);
      byte[] out = new byte[64];
      int end = AddressRenderer.writeIpv6(out, 0, bb.getLong(), bb.getLong());
      return new String(out, 0, end, ISO_8859_1);
    } catch (IOException e) {
      throw new AssertionError(address + " was generated as an address", e);
    }
  }

  /**
   * The first four groups of an IPv6 text (its /64, which names a household) when they are written
   * out, else null.
   */
  private static String first64Bits(String address) {
    String[] groups = address.split(":", -1);
    if (!address.contains(":") || groups.length < 5) {
      return null;
    }
    for (int g = 0; g < 4; g++) {
      if (groups[g].isEmpty()) {
        return null;
      }
    }
    if (Integer.parseInt(groups[3], 16) == 0) {
      return null; // then the /64 reads like the /48 the mask keeps
    }
    return String.join(":", groups[0], groups[1], groups[2], groups[3]) + ":";
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }
}
