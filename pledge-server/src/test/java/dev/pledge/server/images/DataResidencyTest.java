package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.compliance.ComplianceVerifier;
import dev.pledge.server.compliance.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Data residency (B-23): an image of an account stored in the EU goes to the EU store and never to
 * the US one; {@code pledge verify} reports a file that lies in another region's store.
 */
@WithRunningServer
@Tag("B-23")
class DataResidencyTest {

  @Autowired JdbcClient jdbc;
  @Autowired ImageRecords records;
  @Autowired ImageLibrary library;
  @Autowired PersonalBlobs blobs;
  @Autowired PledgeSettings settings;
  @Autowired ComplianceVerifier verifier;

  Path regionStore(String region) {
    return settings.dataDir().resolve("blobs").resolve("regions").resolve(region);
  }

  static boolean holds(Path store, String objectName) throws Exception {
    if (!Files.isDirectory(store)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(store)) {
      return files.anyMatch(f -> f.getFileName().toString().equals(objectName));
    }
  }

  List<Violation> outsideRegion(String version) {
    return verifier.verify().violations().stream()
        .filter(v -> v.kind() == Violation.Kind.OUTSIDE_REGION)
        .filter(v -> v.where().equals("image version " + version))
        .toList();
  }

  @Test
  @DisplayName(
      "B-23 an EU user's images never land in the US store; pledge verify reports one that does")
  void euImagesStayInTheEu() throws Exception {
    var eve = StudioTestAccounts.create(jdbc, "Eve", "en"); // an account stored in the EU
    ImageRecords.Project project =
        records.createProject(eve.id(), null, "Residency", Instant.now());
    CleanImage clean =
        ImageInspector.clean(
            TestImages.png(TestImages.picture(64, 48)), new ImageLimits(10 << 20, 10_000_000));
    ImageLibrary.Uploaded up = library.store(project, "harbour.png", clean);

    String key =
        jdbc.sql("select object_key from personal_blob where name = :n")
            .param("n", up.version().blobName())
            .query(String.class)
            .single();
    assertThat(key).startsWith("eu/");
    String object = key.substring("eu/".length());
    assertThat(holds(regionStore("eu"), object)).isTrue();
    assertThat(holds(regionStore("us"), object)).isFalse();
    assertThat(holds(regionStore("apac"), object)).isFalse();
    assertThat(
            blobs.placement(
                "image-studio", eve.id(), ImageRecords.SOURCE_CATEGORY, up.version().blobName()))
        .contains(new PersonalBlobs.Placement("eu", true));
    assertThat(outsideRegion(up.version().id())).isEmpty();

    // Someone copies the file into the US store and points the record there: verify says so.
    Path inEu;
    try (Stream<Path> files = Files.walk(regionStore("eu"))) {
      inEu = files.filter(f -> f.getFileName().toString().equals(object)).findFirst().orElseThrow();
    }
    Path inUs = regionStore("us").resolve(inEu.getParent().getFileName()).resolve(object);
    Files.createDirectories(inUs.getParent());
    Files.move(inEu, inUs);
    jdbc.sql("update personal_blob set object_key = :k where name = :n")
        .param("k", "us/" + object)
        .param("n", up.version().blobName())
        .update();
    try {
      assertThat(outsideRegion(up.version().id()))
          .singleElement()
          .satisfies(
              v ->
                  assertThat(v.message())
                      .contains("in the us store")
                      .contains("belongs in eu")
                      .doesNotContain(eve.id()));
    } finally {
      Files.move(inUs, inEu);
      jdbc.sql("update personal_blob set object_key = :k where name = :n")
          .param("k", key)
          .param("n", up.version().blobName())
          .update();
    }
    assertThat(outsideRegion(up.version().id())).isEmpty();
  }
}
