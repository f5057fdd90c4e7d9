package dev.pledge.server.rights;

import dev.pledge.server.PledgeSettings;
import java.nio.file.Path;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Where a request's export lies in the local blob stores, for tests that look at the bytes. */
final class ExportObjects {

  private ExportObjects() {}

  /** The export's name (its record's file name, its blob's name). */
  static String name(JdbcClient jdbc, String reference) {
    return jdbc.sql(
            "select e.file_name from rights_request_export e join rights_request r"
                + " on r.id = e.request_id where r.reference = :r")
        .param("r", reference)
        .query(String.class)
        .single();
  }

  /** The export blob's object key: {@code {region}/{random}}, or {@code {random}} by default. */
  static String objectKey(JdbcClient jdbc, String reference) {
    return jdbc.sql("select object_key from personal_blob where category = :c and name = :n")
        .param("c", RequestExports.CATEGORY)
        .param("n", name(jdbc, reference))
        .query(String.class)
        .single();
  }

  /** The file of an object key in the local stores (LocalBlobBackend's layout). */
  static Path file(PledgeSettings settings, String objectKey) {
    Path blobs = settings.dataDir().resolve("blobs").toAbsolutePath();
    int slash = objectKey.indexOf('/');
    Path store =
        slash < 0 ? blobs : blobs.resolve("regions").resolve(objectKey.substring(0, slash));
    String key = objectKey.substring(slash + 1);
    return store.resolve(key.substring(0, 2)).resolve(key);
  }

  /** The consumable form of the request's export, as {@link RequestExports#consume} gives it. */
  static RequestExports.Download download(
      PledgeSettings settings, JdbcClient jdbc, RightsRequest r) {
    return new RequestExports.Download(
        settings.dataDir().resolve("exports").toAbsolutePath().resolve(name(jdbc, r.reference())),
        r.property(),
        r.reference());
  }
}
