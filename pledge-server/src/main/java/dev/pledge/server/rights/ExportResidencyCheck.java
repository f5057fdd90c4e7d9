package dev.pledge.server.rights;

import dev.pledge.server.blobs.PersonalBlobs;
import dev.pledge.server.compliance.ComplianceCheck;
import dev.pledge.server.compliance.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * For {@code pledge verify} (B-23): an export waiting for its download is a copy of its person's
 * data and must lie in the store of their region, as their images do ({@code ImageResidencyCheck}
 * is tied to image versions, so exports have their own check). Names the request, never the person.
 */
@Component
class ExportResidencyCheck implements ComplianceCheck {

  private final JdbcClient jdbc;
  private final PersonalBlobs blobs;
  private final RightsRequests requests;
  private final RequestSubjects subjects;

  ExportResidencyCheck(
      JdbcClient jdbc, PersonalBlobs blobs, RightsRequests requests, RequestSubjects subjects) {
    this.jdbc = jdbc;
    this.blobs = blobs;
    this.requests = requests;
    this.subjects = subjects;
  }

  private record Waiting(String reference, String name) {}

  @Override
  public List<Violation> check(Instant now) {
    List<Waiting> waiting =
        jdbc.sql(
                "select r.reference, e.file_name from rights_request_export e"
                    + " join rights_request r on r.id = e.request_id"
                    + " where e.downloaded_at is null and e.file_deleted_at is null"
                    + " order by e.created_at")
            .query((rs, i) -> new Waiting(rs.getString("reference"), rs.getString("file_name")))
            .list();
    List<Violation> found = new ArrayList<>();
    for (Waiting w : waiting) {
      Optional<RightsRequest> r = requests.byReference(w.reference());
      if (r.isEmpty()) {
        continue;
      }
      for (String subject : subjects.of(r.get())) {
        Optional<PersonalBlobs.Placement> placed =
            blobs.placement(r.get().property(), subject, RequestExports.CATEGORY, w.name());
        if (placed.isEmpty()) {
          continue; // not this identifier's, or prepared before exports were blobs
        }
        String region = subjects.regionOf(r.get().property(), subject);
        if (!Objects.equals(placed.get().region(), region)) {
          found.add(
              violation(
                  r.get(),
                  "stored "
                      + (placed.get().region() == null
                          ? "in the default store"
                          : "in the " + placed.get().region() + " store")
                      + ", but its person's data belongs "
                      + (region == null ? "in the default store" : "in " + region)));
        } else if (!placed.get().present()) {
          found.add(
              violation(
                  r.get(), "missing from the " + (region == null ? "default" : region) + " store"));
        }
      }
    }
    return found;
  }

  private static Violation violation(RightsRequest r, String what) {
    return new Violation(
        Violation.Kind.OUTSIDE_REGION,
        r.property(),
        "export of request " + r.reference(),
        "The export of request "
            + r.reference()
            + " waiting for its download is "
            + what
            + ". Prepare it again (the new one goes to the right store) and delete this one.");
  }
}
