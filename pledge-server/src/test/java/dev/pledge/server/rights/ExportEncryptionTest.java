package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An export waiting for its download is a full copy of someone's data: it was a plaintext ZIP under
 * {@code {data-dir}/exports/}, readable by whoever reads the disk or its backups, and an erasure of
 * the person left it readable. It is now encrypted with the person's own keyset.
 */
@WithRunningServer
class ExportEncryptionTest {

  @Autowired RightsRequests requests;
  @Autowired RequestErasures erasures;
  @Autowired RequestExports exports;
  @Autowired PledgeSettings settings;
  @Autowired JdbcClient jdbc;

  final List<String> opened = new ArrayList<>();

  // Other tests expect no request past its deadline on the shared server.
  @AfterEach
  void closeRequests() {
    for (String reference : opened) {
      if (!requests.require(reference).status().closed()) {
        requests.changeStatus(reference, RightsRequestStatus.REJECTED, "test over", "test");
      }
    }
  }

  @Test
  @DisplayName(
      "B-10 an export waiting for its download is encrypted with the person's keyset: no file"
          + " of the blob stores holds the ZIP or the requester's address, and the download"
          + " decrypts it")
  void exportIsEncryptedAtRest() throws Exception {
    String address = "export-at-rest-" + System.nanoTime() + "@example.org";
    RightsRequest r = verified("reference-site", address);
    exports.prepare(r.reference(), "operator:test");
    Path file = fileOf(r.reference());

    byte[] stored = Files.readAllBytes(file);
    assertThat(stored.length).isGreaterThan(4);
    assertThat(new byte[] {stored[0], stored[1], stored[2], stored[3]})
        .as("a ZIP's local header signature: the file would be the plaintext ZIP")
        .isNotEqualTo(new byte[] {'P', 'K', 3, 4});
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(file))) {
      assertThat(in.getNextEntry()).as("the stored file reads as no ZIP").isNull();
    }
    assertThat(filesContaining(settings.dataDir().resolve("blobs"), address))
        .as("export files naming the requester")
        .isEmpty();

    Map<String, String> entries = entries(exports.open(download(r)));
    assertThat(entries.get("user.contact.correspondence.json"))
        .as(entries.keySet().toString())
        .isNotNull()
        .contains(r.reference());
  }

  @Test
  @DisplayName(
      "B-10 an export still waiting for its download when its person is erased cannot be"
          + " decrypted any more (crypto-shredding), and its link gives no file")
  void erasureShredsAWaitingExport() throws Exception {
    StudioTestAccounts.Account a = StudioTestAccounts.create(jdbc, "Shredded", "en");
    RightsRequest access = verified("image-studio", a.email());
    exports.prepare(access.reference(), "operator:test");
    Path file = fileOf(access.reference());
    try (InputStream in = exports.open(download(access))) {
      assertThat(in.readAllBytes()).as("readable before the erasure").isNotEmpty();
    }

    RightsRequest erasure = open("image-studio", RightsRequestKind.ERASURE, a.email(), null);
    assertThat(Confirmations.confirm(requests, "image-studio", erasure.reference())).isPresent();
    assertThat(erasures.claim(erasure.reference(), "operator:test")).isTrue();
    erasures.run(erasure.reference());
    assertThat(erasures.state(erasure.reference())).isEqualTo(RequestErasures.State.DONE);

    assertThat(file).as("deleted by the erasure, not kept until its link expires").doesNotExist();
    assertThatThrownBy(
            () -> {
              try (InputStream in = exports.open(download(access))) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  @Test
  @DisplayName(
      "B-10 an export waiting for its download on a property without blob stores is unreadable"
          + " once its requester is erased: the erasure destroys the keyset it was encrypted with")
  void erasureShredsAWaitingExportOfTheSite() throws Exception {
    String address = "export-shredded-" + System.nanoTime() + "@example.org";
    RightsRequest access = verified("reference-site", address);
    exports.prepare(access.reference(), "operator:test");
    Path file = fileOf(access.reference());

    RightsRequest erasure = open("reference-site", RightsRequestKind.ERASURE, address, null);
    assertThat(Confirmations.confirm(requests, "reference-site", erasure.reference())).isPresent();
    assertThat(erasures.claim(erasure.reference(), "operator:test")).isTrue();
    erasures.run(erasure.reference());
    assertThat(erasures.state(erasure.reference())).isEqualTo(RequestErasures.State.DONE);

    assertThatThrownBy(
            () -> {
              try (InputStream in = exports.open(download(access))) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(IOException.class);
  }

  private RightsRequest verified(String property, String address) {
    RightsRequest r = open(property, RightsRequestKind.ACCESS, address, null);
    assertThat(Confirmations.confirm(requests, property, r.reference())).isPresent();
    return r;
  }

  private RightsRequest open(
      String property, RightsRequestKind kind, String address, String subject) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                property, kind, null, RequestChannel.API, null, address, subject, null, false),
            "test");
    opened.add(r.reference());
    return r;
  }

  /** The stored (encrypted) object of the request's export. */
  private Path fileOf(String reference) {
    return ExportObjects.file(settings, ExportObjects.objectKey(jdbc, reference));
  }

  private RequestExports.Download download(RightsRequest r) {
    return ExportObjects.download(settings, jdbc, r);
  }

  private static Map<String, String> entries(InputStream zip) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(zip)) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  /** The regular files under {@code dir} whose bytes contain {@code text}. */
  private static List<Path> filesContaining(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).filter(f -> contains(read(f), needle)).toList();
    }
  }

  private static byte[] read(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (IOException e) {
      return new byte[0]; // deleted while walking
    }
  }

  private static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
