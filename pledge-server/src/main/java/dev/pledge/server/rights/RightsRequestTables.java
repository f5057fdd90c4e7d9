package dev.pledge.server.rights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.DeclaredTables;
import dev.pledge.server.retention.ExpiryJournal;
import dev.pledge.server.retention.KeptThroughErasure;
import dev.pledge.server.retention.RetentionRule;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.retention.RetentionStores;
import dev.pledge.server.retention.StoreContents;
import dev.pledge.server.retention.SubjectExport;
import dev.pledge.server.retention.SubjectRectification;
import dev.pledge.server.retention.TableRetentionStore;
import dev.pledge.server.shared.PropertyId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Registers the rights-request tables with the retention engine. A request holds the requester's
 * address and is an exchange with them, so it is kept as the policy keeps correspondence: the
 * reference site's e-mail correspondence (12 months after the last message), the studio's support
 * communications (5 years). A policy declaring neither leaves the store bound to {@code
 * rights.requests}, which verify lists as not enforced rather than pretending the records expire.
 * The mail bookkeeping holds only hashes.
 */
@Component
class RightsRequestTables implements RetentionStores, DeclaredTables {

  static final String CATEGORY = "rights.requests";

  /** The categories a request record is kept as, in order of preference. */
  static final List<String> KEPT_AS =
      List.of("user.contact.correspondence", "user.communications.support");

  private final PolicyCatalog catalog;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;

  RightsRequestTables(PolicyCatalog catalog, JdbcClient jdbc, TransactionTemplate tx) {
    this.catalog = catalog;
    this.jdbc = jdbc;
    this.tx = tx;
  }

  @Override
  public Collection<RetentionStore> stores() {
    List<RetentionStore> out = new java.util.ArrayList<>();
    for (ServedProperty p : catalog.all()) {
      out.add(
          new RequestRecords(
              TableRetentionStore.builder(jdbc, tx)
                  .name("rights.requests")
                  .holds(p.id(), keptAs(p))
                  .table("rights_request", "last_activity_at")
                  .propertyColumn("property_id")
                  .alsoCovers(
                      "rights_request_event",
                      "rights_request_export",
                      "rights_notice",
                      "rights_request_erasure",
                      "rights_request_reminder",
                      "rights_request_step")
                  .build()));
    }
    return out;
  }

  /**
   * The request records as a store: retention as any table's; an export hands the requester their
   * own requests and what happened to them (found by account or address). They are not erased with
   * the person: they are the proof that the erasure was done.
   */
  private final class RequestRecords
      implements RetentionStore, SubjectExport, SubjectRectification, KeptThroughErasure {
    private final TableRetentionStore table;

    RequestRecords(TableRetentionStore table) {
      this.table = table;
    }

    @Override
    public String name() {
      return table.name();
    }

    @Override
    public PropertyId property() {
      return table.property();
    }

    @Override
    public String category() {
      return table.category();
    }

    @Override
    public String keptBecause() {
      return "kept as the record of your request and of this erasure";
    }

    @Override
    public String label() {
      return "Records of your privacy requests";
    }

    @Override
    public String description() {
      return table.description();
    }

    @Override
    public Set<String> tables() {
      return table.tables();
    }

    @Override
    public StoreContents inspect(RetentionRule rule) {
      return table.inspect(rule);
    }

    @Override
    public void expire(RetentionRule rule, ExpiryJournal journal) {
      table.expire(rule, journal);
    }

    @Override
    public long export(String subjectId, Consumer<Map<String, Object>> items) {
      List<Map<String, Object>> rows =
          jdbc.sql(
                  """
                  select r.reference, r.kind, r.purpose, r.channel, r.status, r.requester_address,
                         r.received_at, r.due_at, r.extension_reason, r.closed_at,
                         coalesce((select json_agg(json_build_object('at', e.at, 'status', e.status,
                                   'event', e.event, 'note', e.note) order by e.id)::text
                                   from rights_request_event e where e.request_id = r.id), '[]')
                           as history
                  from rights_request r
                  where r.property_id = :property
                    and (r.subject_id = :subject or lower(r.requester_address) = lower(:subject))
                  order by r.received_at, r.id
                  """)
              .param("property", property().value())
              .param("subject", subjectId)
              .query(
                  (rs, i) -> {
                    Map<String, Object> item = new LinkedHashMap<>();
                    var meta = rs.getMetaData();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                      item.put(
                          meta.getColumnLabel(c), TableRetentionStore.jsonValue(rs.getObject(c)));
                    }
                    item.put("history", history(rs.getString("history")));
                    return item;
                  })
              .list();
      rows.forEach(items);
      return rows.size();
    }

    /** A requester can correct the address their own requests are answered at. */
    @Override
    public List<String> correctableFields() {
      return List.of("requester_address");
    }

    @Override
    public long rectify(String subjectId, String field, String newValue, Journal journal) {
      SubjectRectification.requireCorrectable(name(), correctableFields(), field, newValue);
      if (!RequesterAddress.valid(newValue.strip())) {
        throw new IllegalArgumentException(
            "a requester address looks like name@example.org; give the corrected address");
      }
      Integer n =
          tx.execute(
              status -> {
                int done =
                    jdbc.sql(
                            """
                            update rights_request set requester_address = :value
                            where property_id = :property
                              and (subject_id = :subject
                                   or lower(requester_address) = lower(:subject))
                              and requester_address is not null
                              and requester_address is distinct from :value
                            """)
                        .param("value", newValue.strip())
                        .param("property", property().value())
                        .param("subject", subjectId)
                        .update();
                if (done > 0) {
                  journal.rectified(done, "requester_address corrected in rights_request");
                }
                return done;
              });
      return n == null ? 0 : n;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Object history(String json) {
    try {
      return JSON.readValue(json, List.class);
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  static String keptAs(ServedProperty p) {
    return KEPT_AS.stream()
        .filter(id -> p.policy().categories().stream().anyMatch(c -> c.id().equals(id)))
        .findFirst()
        .orElse(CATEGORY);
  }

  @Override
  public Map<String, String> withoutPersonalData() {
    return Map.of(
        "rights_mail_message",
        "SHA-256 hashes of handled Message-IDs and the request reference they opened",
        "rights_mail_cursor",
        "the highest IMAP UID the intake has read, per mailbox",
        "privacy_form_limit",
        "the privacy center's form submissions counted per salted hash of a client address or"
            + " e-mail address, so that instances share the limits; deleted at the next submission"
            + " after twice the window, never looked up by person",
        "privacy_form_limit_salt",
        "the one random salt of those hashes");
  }
}
