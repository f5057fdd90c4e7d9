package dev.pledge.server.analytics;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a small MaxMind DB (format 2.0, IPv4 tree, 24-bit records) mapping IPv4 networks to
 * country codes, so tests exercise the real MaxMind reader on a real file without downloading a
 * database. Spec: https://maxmind.github.io/MaxMind-DB/
 */
final class MmdbFixture {

  private final Map<String, String> networks = new LinkedHashMap<>();

  /** Maps {@code a.b.c.0/24} to an ISO country code. */
  MmdbFixture network24(String prefix, String isoCode) {
    networks.put(prefix, isoCode);
    return this;
  }

  byte[] build() {
    // data section: one record per distinct country, {"country": {"iso_code": X}}
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<String, Integer> offsets = new LinkedHashMap<>();
    for (String iso : networks.values()) {
      if (!offsets.containsKey(iso)) {
        offsets.put(iso, data.size());
        map(data, 1);
        string(data, "country");
        map(data, 1);
        string(data, "iso_code");
        string(data, iso);
      }
    }
    // search tree: a binary trie over the first 24 bits of each network
    List<int[]> nodes = new ArrayList<>();
    nodes.add(new int[] {-1, -1});
    List<int[]> leaves = new ArrayList<>(); // node, side, data offset
    for (Map.Entry<String, String> n : networks.entrySet()) {
      String[] parts = n.getKey().split("\\.");
      int bits =
          (Integer.parseInt(parts[0]) << 16)
              | (Integer.parseInt(parts[1]) << 8)
              | Integer.parseInt(parts[2]);
      int node = 0;
      for (int i = 23; i >= 0; i--) {
        int side = (bits >>> i) & 1;
        if (i == 0) {
          leaves.add(new int[] {node, side, offsets.get(n.getValue())});
        } else {
          if (nodes.get(node)[side] < 0) {
            nodes.add(new int[] {-1, -1});
            nodes.get(node)[side] = nodes.size() - 1;
          }
          node = nodes.get(node)[side];
        }
      }
    }
    int nodeCount = nodes.size();
    for (int[] leaf : leaves) {
      nodes.get(leaf[0])[leaf[1]] = nodeCount + 16 + leaf[2];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int[] node : nodes) {
      for (int record : node) {
        int v = record < 0 ? nodeCount : record;
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF});
    out.writeBytes("MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    map(out, 9);
    string(out, "binary_format_major_version");
    uint16(out, 2);
    string(out, "binary_format_minor_version");
    uint16(out, 0);
    string(out, "build_epoch");
    uint64(out, 1_700_000_000L);
    string(out, "database_type");
    string(out, "Pledge-Test-Country");
    string(out, "description");
    map(out, 0);
    string(out, "ip_version");
    uint16(out, 4);
    string(out, "languages");
    out.write(0x00); // extended type, size 0
    out.write(11 - 7); // array
    string(out, "node_count");
    uint32(out, nodeCount);
    string(out, "record_size");
    uint16(out, 24);
    return out.toByteArray();
  }

  private static void map(ByteArrayOutputStream out, int pairs) {
    out.write((7 << 5) | pairs);
  }

  private static void string(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length >= 29) {
      throw new IllegalArgumentException("fixture strings are short");
    }
    out.write((2 << 5) | b.length);
    out.writeBytes(b);
  }

  private static void uint16(ByteArrayOutputStream out, int v) {
    out.write((5 << 5) | 2);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void uint32(ByteArrayOutputStream out, int v) {
    out.write((6 << 5) | 4);
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static void uint64(ByteArrayOutputStream out, long v) {
    out.write(8); // extended type, size 8
    out.write(9 - 7); // uint64
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
  }
}
