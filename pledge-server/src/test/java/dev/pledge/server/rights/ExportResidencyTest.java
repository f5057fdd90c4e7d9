package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.compliance.ComplianceVerifier;
import dev.pledge.server.compliance.Violation;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An export waiting for its download is a copy of the person's data: it goes to the store of their
 * region like their images (B-23), not to the preparing instance's own disk, and the download link
 * takes it from there and deletes it.
 */
@WithRunningServer
class ExportResidencyTest {

  @Autowired RightsRequests requests;
  @Autowired RequestExports exports;
  @Autowired PledgeSettings settings;
  @Autowired JdbcClient jdbc;
  @Autowired ComplianceVerifier verifier;

  final List<String> opened = new ArrayList<>();

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
      "B-23 an EU account's export lands in the EU store, never the default one, and its link"
          + " streams it from there once, then deletes it")
  void euExportStaysInTheEu() throws Exception {
    StudioTestAccounts.Account eve = StudioTestAccounts.create(jdbc, "Eve", "en"); // EU
    RequestExports.PreparedExport prepared = prepared(eve);
    RightsRequest r = requests.require(opened.get(opened.size() - 1));

    String key = ExportObjects.objectKey(jdbc, r.reference());
    assertThat(key).as("stored for the owner's region").startsWith("eu/");
    assertThat(ExportObjects.file(settings, key)).as("in the EU store").isRegularFile();
    String object = key.substring("eu/".length());
    assertThat(ExportObjects.file(settings, object)).as("not in the default store").doesNotExist();
    assertThat(ExportObjects.file(settings, "us/" + object)).doesNotExist();
    assertThat(
            settings.dataDir().resolve("exports").resolve(ExportObjects.name(jdbc, r.reference())))
        .as("not on the preparing instance's disk")
        .doesNotExist();

    String token = prepared.link().substring(prepared.link().indexOf("#t=") + 3);
    RequestExports.Download d = exports.consume("image-studio", token).orElseThrow();
    try (InputStream in = exports.open(d);
        ZipInputStream zip = new ZipInputStream(in)) {
      assertThat(zip.getNextEntry()).as("the decrypted ZIP").isNotNull();
    }
    exports.delete(d);
    assertThat(ExportObjects.file(settings, key)).as("deleted after the download").doesNotExist();
    assertThat(
            jdbc.sql("select count(*) from personal_blob where category = :c and object_key = :k")
                .param("c", RequestExports.CATEGORY)
                .param("k", key)
                .query(Long.class)
                .single())
        .isZero();
    assertThat(exports.consume("image-studio", token)).as("the link works once").isEmpty();
    assertThat(Files.exists(ExportObjects.file(settings, key))).isFalse();
  }

  @Test
  @DisplayName(
      "B-23 pledge verify reports an export waiting for its download that lies outside its"
          + " person's region, naming the request and not the person")
  void verifyReportsAnExportOutsideItsRegion() throws Exception {
    StudioTestAccounts.Account eve = StudioTestAccounts.create(jdbc, "Eve", "en"); // EU
    prepared(eve);
    RightsRequest r = requests.require(opened.get(opened.size() - 1));
    String key = ExportObjects.objectKey(jdbc, r.reference());
    assertThat(outsideRegion(r)).isEmpty();

    // Someone moves the object to the default store and points its record there.
    String object = key.substring("eu/".length());
    Path inEu = ExportObjects.file(settings, key);
    Path inDefault = ExportObjects.file(settings, object);
    Files.createDirectories(inDefault.getParent());
    Files.move(inEu, inDefault);
    setKey(key, object);
    try {
      assertThat(outsideRegion(r))
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.message())
                      .contains("in the default store")
                      .contains("belongs in eu")
                      .doesNotContain(eve.id())
                      .doesNotContain(eve.email()));
    } finally {
      Files.move(inDefault, inEu);
      setKey(object, key);
      exports.delete(ExportObjects.download(settings, jdbc, r));
    }
  }

  private void setKey(String from, String to) {
    jdbc.sql("update personal_blob set object_key = :to where object_key = :from")
        .param("to", to)
        .param("from", from)
        .update();
  }

  private List<Violation> outsideRegion(RightsRequest r) {
    return verifier.verify().violations().stream()
        .filter(v -> v.kind() == Violation.Kind.OUTSIDE_REGION)
        .filter(v -> v.where().equals("export of request " + r.reference()))
        .toList();
  }

  /** An access request of {@code a} by address, verified, and its export prepared. */
  private RequestExports.PreparedExport prepared(StudioTestAccounts.Account eve) throws Exception {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "image-studio",
                RightsRequestKind.ACCESS,
                null,
                RequestChannel.API,
                null,
                eve.email(),
                null,
                null,
                false),
            "test");
    opened.add(r.reference());
    assertThat(Confirmations.confirm(requests, "image-studio", r.reference())).isPresent();

    return exports.prepare(r.reference(), "operator:test");
  }
}
