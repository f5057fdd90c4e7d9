package dev.pledge.server.images;

import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.compliance.ComplianceCheck;
import dev.pledge.server.compliance.Violation;
import dev.pledge.server.studio.Studio;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For {@code pledge verify} (B-23): every image file must lie in the store of its owner's storage
 * region. Reports each version whose file was stored for another region, or is missing from its
 * region's store; names the version, never the person.
 */
@Component
class ImageResidencyCheck implements ComplianceCheck {

  private final JdbcClient jdbc;
  private final PersonalBlobs blobs;
  private final StudioAccounts accounts;
  private final Studio studio;

  ImageResidencyCheck(
      JdbcClient jdbc, PersonalBlobs blobs, StudioAccounts accounts, Studio studio) {
    this.jdbc = jdbc;
    this.blobs = blobs;
    this.accounts = accounts;
    this.studio = studio;
  }

  private record Row(String version, String owner, String category, String name) {}

  @Override
  public List<Violation> check(Instant now) {
    List<Row> rows =
        jdbc.sql(
                "select version_id, account_id, blob_category, blob_name from image_version"
                    + " order by created_at")
            .query(
                (rs, i) ->
                    new Row(
                        rs.getString("version_id"),
                        rs.getString("account_id"),
                        rs.getString("blob_category"),
                        rs.getString("blob_name")))
            .list();
    Map<String, Optional<String>> regions = new HashMap<>();
    List<Violation> found = new ArrayList<>();
    for (Row r : rows) {
      Optional<String> region =
          regions.computeIfAbsent(r.owner(), o -> accounts.byId(o).map(StudioAccount::region));
      if (region.isEmpty()) {
        continue; // the account is gone: its images go with it
      }
      Optional<PersonalBlobs.Placement> placed =
          blobs.placement(studio.id(), r.owner(), r.category(), r.name());
      if (placed.isEmpty()) {
        continue;
      }
      if (!Objects.equals(placed.get().region(), region.get())) {
        found.add(
            violation(
                r,
                "stored "
                    + (placed.get().region() == null
                        ? "in the default store"
                        : "in the " + placed.get().region() + " store")
                    + ", but its owner's data belongs in "
                    + region.get()));
      } else if (!placed.get().present()) {
        found.add(violation(r, "missing from the " + region.get() + " store"));
      }
    }
    return found;
  }

  private Violation violation(Row r, String what) {
    return new Violation(
        Violation.Kind.OUTSIDE_REGION,
        studio.id(),
        "image version " + r.version(),
        "The file of image version "
            + r.version()
            + " is "
            + what
            + ". Move it to its owner's region, or delete the version.");
  }
}
