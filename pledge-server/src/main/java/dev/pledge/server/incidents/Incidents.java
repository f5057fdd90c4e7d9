package dev.pledge.server.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.policy.Policy;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.RetentionStore;
import dev.pledge.server.studio.Studio;
import dev.pledge.server.studio.StudioMail;
import dev.pledge.server.studio.StudioMessage;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Breach incidents from opening to closing (B-35, B-36): each step checked, recorded and put in the
 * audit trail with the incident's number and counts — never a person's id or address.
 */
@Service
class Incidents {

  static final int MAX_TEXT = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final PolicyCatalog catalog;
  private final AffectedPeople affected;
  private final StudioAccounts accounts;
  private final Studio studio;
  private final StudioMail studioMail;
  private final IncidentMail mail;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  Incidents(
      PolicyCatalog catalog,
      AffectedPeople affected,
      StudioAccounts accounts,
      Studio studio,
      StudioMail studioMail,
      IncidentMail mail,
      AuditTrail audit,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.catalog = catalog;
    this.affected = affected;
    this.accounts = accounts;
    this.studio = studio;
    this.studioMail = studioMail;
    this.mail = mail;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  Instant now() {
    return clock.instant();
  }

  /** The policy of {@code property}, or an input error naming the properties served. */
  ServedProperty property(String property) {
    return catalog
        .byId(property == null ? "" : property.strip())
        .orElseThrow(
            () ->
                new IncidentInputException(
                    "property",
                    "Unknown property '"
                        + property
                        + "'. Choose one of: "
                        + String.join(
                            ", ", catalog.all().stream().map(p -> p.id().value()).toList())
                        + "."));
  }

  /** The stores of {@code property} an operator may name. */
  List<RetentionStore> storesOf(String property) {
    return affected.storesOf(property);
  }

  Incident open(NewIncident in, String actor) {
    Map<String, String> errors = new LinkedHashMap<>();
    ServedProperty p = null;
    try {
      p = property(in.property());
    } catch (IncidentInputException e) {
      errors.putAll(e.errors());
    }
    text(
        errors,
        "title",
        in.title(),
        200,
        "Give the incident a short title, e.g. 'Backup bucket readable'.");
    text(
        errors,
        "whatHappened",
        in.whatHappened(),
        MAX_TEXT,
        "Say what happened, as far as it is known now.");
    Instant now = clock.instant();
    if (in.discoveredAt() == null) {
      errors.put(
          "discoveredAt",
          "Say when the breach was discovered (ISO-8601, e.g. 2026-12-06T09:30:00Z).");
    } else if (in.discoveredAt().isAfter(now.plusSeconds(60))) {
      errors.put(
          "discoveredAt", "The discovery time is in the future; give the time it was discovered.");
    }
    List<String> stores = clean(in.stores());
    List<String> categories = clean(in.categories());
    if (p != null) {
      Policy policy = p.policy();
      for (String c : categories) {
        if (policy.category(c).isEmpty()) {
          errors.put(
              "categories",
              "'"
                  + c
                  + "' is not a data category of "
                  + p.id().value()
                  + "'s policy. Use the ids of its categories section.");
        }
      }
      Set<String> known = new LinkedHashSet<>();
      storesOf(p.id().value()).forEach(s -> known.add(s.name()));
      for (String s : stores) {
        if (!known.contains(s)) {
          errors.put(
              "stores",
              "'"
                  + s
                  + "' is not a store of "
                  + p.id().value()
                  + ". Known stores: "
                  + String.join(", ", known)
                  + ".");
        }
      }
    }
    if (stores.isEmpty() && categories.isEmpty()) {
      errors.put("categories", "Name at least one affected data category or store.");
    }
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    ServedProperty property = p;
    Affected counted = affected.count(property.policy(), property.id().value(), stores, categories);
    return tx.execute(
        t -> {
          long n = jdbc.sql("select nextval('incident_number')").query(Long.class).single();
          String id = String.format("INC-%d-%04d", now.atZone(ZoneOffset.UTC).getYear(), n);
          jdbc.sql(
                  """
                  insert into incident (id, property_id, title, what_happened, discovered_at,
                    opened_at, opened_by, stores, categories, affected, high_risk, high_risk_since)
                  values (:id, :property, :title, :what, :discovered, :now, :actor, :stores,
                    :categories, cast(:affected as jsonb), :high, :highSince)
                  """)
              .param("id", id)
              .param("property", property.id().value())
              .param("title", in.title().strip())
              .param("what", in.whatHappened().strip())
              .param("discovered", Timestamp.from(in.discoveredAt()))
              .param("now", Timestamp.from(now))
              .param("actor", actor)
              .param("stores", stores.toArray(String[]::new))
              .param("categories", categories.toArray(String[]::new))
              .param("affected", json(counted))
              .param("high", in.highRisk())
              .param("highSince", in.highRisk() ? Timestamp.from(now) : null)
              .update();
          AuditRecord r =
              AuditRecord.of(actor, "incident.opened")
                  .property(property.id().value())
                  .count(counted.people())
                  .detail("incident", id)
                  .detail("stores", String.join(",", counted.stores()))
                  .detail("categories", String.join(",", categories))
                  .detail("high-risk", in.highRisk());
          audit.append(r);
          return require(id);
        });
  }

  List<Incident> all() {
    return jdbc.sql(
            "select * from incident order by closed_at nulls first, discovered_at desc limit 500")
        .query(this::row)
        .list();
  }

  List<Incident> open() {
    return jdbc.sql("select * from incident where closed_at is null order by discovered_at")
        .query(this::row)
        .list();
  }

  List<Incident> disclosed() {
    return jdbc.sql(
            "select * from incident where disclosed_at is not null order by discovered_at desc")
        .query(this::row)
        .list();
  }

  Optional<Incident> find(String id) {
    return jdbc.sql("select * from incident where id = :id")
        .param("id", id)
        .query(this::row)
        .optional();
  }

  Incident require(String id) {
    return find(id)
        .orElseThrow(() -> new IncidentInputException("incident", "No incident " + id + "."));
  }

  Policy policyOf(Incident i) {
    return catalog.byId(i.property()).map(ServedProperty::policy).orElseThrow();
  }

  List<IncidentClock> clocks(Incident i) {
    return IncidentClocks.of(i, policyOf(i).breach());
  }

  /** Contained and assessed (B-35): the assessment, and whether the risk to people is high. */
  Incident contain(String id, String assessment, boolean highRisk, String actor) {
    Incident i = openOne(id);
    Map<String, String> errors = new LinkedHashMap<>();
    text(
        errors,
        "assessment",
        assessment,
        MAX_TEXT,
        "Say how it was contained and what the assessment found.");
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    Instant now = clock.instant();
    return tx.execute(
        t -> {
          jdbc.sql(
                  """
                  update incident set contained_at = coalesce(contained_at, :now),
                    assessment = :assessment, high_risk = high_risk or :high,
                    high_risk_since = case when high_risk then high_risk_since
                                           when :high then :now end
                  where id = :id
                  """)
              .param("now", Timestamp.from(now))
              .param("assessment", assessment.strip())
              .param("high", highRisk)
              .param("id", i.id())
              .update();
          audit.append(
              AuditRecord.of(actor, "incident.contained")
                  .property(i.property())
                  .detail("incident", i.id())
                  .detail("high-risk", highRisk || i.highRisk()));
          return require(i.id());
        });
  }

  /** Sends the regulator's notice, as the operator approved it, to the regulator's address. */
  Incident notifyRegulator(String id, String to, String body, String actor) {
    Incident i = openOne(id);
    Map<String, String> errors = new LinkedHashMap<>();
    if (to == null || !to.strip().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
      errors.put(
          "regulatorAddress",
          "Give the supervisory authority's e-mail address, e.g. breaches@ico.example.");
    }
    text(errors, "body", body, MAX_TEXT, "The notice is empty: start from the draft.");
    if (i.regulatorNotifiedAt() != null) {
      errors.put(
          "regulator",
          "The regulator was already notified at "
              + IncidentWords.moment(i.regulatorNotifiedAt())
              + ".");
    }
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    Instant now = clock.instant();
    mail.send(to.strip(), fromOf(i), "Personal data breach notification " + i.id(), body.strip());
    return tx.execute(
        t -> {
          jdbc.sql("update incident set regulator_notified_at = :now where id = :id")
              .param("now", Timestamp.from(now))
              .param("id", i.id())
              .update();
          notice(i, "regulator", to.strip(), body.strip(), actor, now, 1);
          audit.append(
              AuditRecord.of(actor, "incident.regulator-notified")
                  .property(i.property())
                  .count(1)
                  .detail("incident", i.id()));
          return require(i.id());
        });
  }

  /**
   * Sends the people's notice, as the operator approved it, by e-mail to everyone the data map
   * finds in the affected stores now, and shows it in the studio to each of them who signs in.
   */
  Incident notifyPeople(String id, String body, String actor) {
    Incident i = openOne(id);
    Map<String, String> errors = new LinkedHashMap<>();
    text(errors, "body", body, MAX_TEXT, "The notice is empty: start from the draft.");
    if (i.peopleNotifiedAt() != null) {
      errors.put(
          "people",
          "The affected people were already notified at "
              + IncidentWords.moment(i.peopleNotifiedAt())
              + ".");
    }
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    Instant now = clock.instant();
    Set<String> ids = affected.ids(i.property(), i.stores(), i.categories());
    String subject = "Important: a security incident affecting your data (" + i.id() + ")";
    return tx.execute(
        t -> {
          int sent = 0;
          if (studio.id().equals(i.property())) {
            for (String accountId : ids) {
              Optional<StudioAccount> a = accounts.byId(accountId);
              if (a.isEmpty() || a.get().email() == null || a.get().email().isBlank()) {
                continue;
              }
              jdbc.sql(
                      """
                      insert into incident_person (incident_id, account_id, notified_at)
                      values (:id, :account, :now) on conflict do nothing
                      """)
                  .param("id", i.id())
                  .param("account", accountId)
                  .param("now", Timestamp.from(now))
                  .update();
              studioMail.queue(
                  new StudioMessage(
                      accountId,
                      a.get().email(),
                      "breach-notice",
                      subject,
                      body.strip(),
                      Map.of()));
              sent++;
            }
          }
          jdbc.sql(
                  "update incident set people_notified_at = :now, people_notified = :n where id = :id")
              .param("now", Timestamp.from(now))
              .param("n", sent)
              .param("id", i.id())
              .update();
          notice(i, "people", null, body.strip(), actor, now, sent);
          audit.append(
              AuditRecord.of(actor, "incident.people-notified")
                  .property(i.property())
                  .count(sent)
                  .detail("incident", i.id()));
          return require(i.id());
        });
  }

  /** Lists the incident on the public security page with {@code summary}. */
  Incident disclose(String id, String summary, String actor) {
    Incident i = require(id);
    Map<String, String> errors = new LinkedHashMap<>();
    text(
        errors,
        "publicSummary",
        summary,
        2_000,
        "Write what the public page should say: what happened, what you did, what people can do.");
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    Instant now = clock.instant();
    return tx.execute(
        t -> {
          jdbc.sql(
                  """
                  update incident set disclosed_at = coalesce(disclosed_at, :now),
                    public_summary = :summary where id = :id
                  """)
              .param("now", Timestamp.from(now))
              .param("summary", summary.strip())
              .param("id", i.id())
              .update();
          audit.append(
              AuditRecord.of(actor, "incident.disclosed")
                  .property(i.property())
                  .detail("incident", i.id()));
          return require(i.id());
        });
  }

  /** Closes the incident: only once contained, with its remediation and lessons (B-35). */
  Incident close(String id, String remediation, String lessons, String actor) {
    Incident i = openOne(id);
    Map<String, String> errors = new LinkedHashMap<>();
    if (i.containedAt() == null) {
      errors.put("contained", "Record the containment and assessment before closing.");
    }
    text(
        errors,
        "remediation",
        remediation,
        MAX_TEXT,
        "Say what was fixed and which controls were strengthened.");
    text(
        errors,
        "lessons",
        lessons,
        MAX_TEXT,
        "Say what was learned and what changes to prevent the next one.");
    if (i.highRisk() && i.peopleNotifiedAt() == null) {
      errors.put("people", "The risk to people is high: notify them before closing.");
    }
    if (!errors.isEmpty()) {
      throw new IncidentInputException(errors);
    }
    Instant now = clock.instant();
    return tx.execute(
        t -> {
          jdbc.sql(
                  """
                  update incident set closed_at = :now, remediation = :remediation,
                    lessons = :lessons where id = :id
                  """)
              .param("now", Timestamp.from(now))
              .param("remediation", remediation.strip())
              .param("lessons", lessons.strip())
              .param("id", i.id())
              .update();
          audit.append(
              AuditRecord.of(actor, "incident.closed")
                  .property(i.property())
                  .detail("incident", i.id()));
          return require(i.id());
        });
  }

  /** The incidents whose notice {@code accountId} got and that are still open or recent. */
  List<Incident> toldTo(String accountId, Instant since) {
    return jdbc.sql(
            """
            select i.* from incident i join incident_person p on p.incident_id = i.id
            where p.account_id = :account and (i.closed_at is null or p.notified_at >= :since)
            order by i.discovered_at desc
            """)
        .param("account", accountId)
        .param("since", Timestamp.from(since))
        .query(this::row)
        .list();
  }

  String fromOf(Incident i) {
    Policy p = policyOf(i);
    return p.contact(dev.pledge.policy.Contact.Role.SECURITY)
        .or(() -> p.contact(dev.pledge.policy.Contact.Role.DPO))
        .map(dev.pledge.policy.Contact::email)
        .orElse(p.controller().email());
  }

  private Incident openOne(String id) {
    Incident i = require(id);
    if (i.closed()) {
      throw new IncidentInputException("incident", i.id() + " is closed.");
    }
    return i;
  }

  private void notice(
      Incident i, String audience, String to, String body, String actor, Instant now, int sent) {
    jdbc.sql(
            """
            insert into incident_notice (incident_id, audience, recipient, body, approved_by,
              approved_at, sent_count)
            values (:id, :audience, :to, :body, :actor, :now, :sent)
            """)
        .param("id", i.id())
        .param("audience", audience)
        .param("to", to)
        .param("body", body)
        .param("actor", actor)
        .param("now", Timestamp.from(now))
        .param("sent", sent)
        .update();
  }

  private static void text(
      Map<String, String> errors, String field, String value, int max, String how) {
    if (value == null || value.isBlank()) {
      errors.put(field, how);
    } else if (value.length() > max) {
      errors.put(field, "At most " + max + " characters; this has " + value.length() + ".");
    }
  }

  private static List<String> clean(List<String> values) {
    List<String> out = new ArrayList<>();
    if (values != null) {
      for (String v : values) {
        if (v != null && !v.isBlank() && !out.contains(v.strip())) {
          out.add(v.strip());
        }
      }
    }
    return out;
  }

  private static String json(Affected a) {
    try {
      return JSON.writeValueAsString(a);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private Incident row(ResultSet rs, int n) throws SQLException {
    Affected a;
    try {
      a = JSON.readValue(rs.getString("affected"), Affected.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("incident " + rs.getString("id") + ": unreadable counts", e);
    }
    return new Incident(
        rs.getString("id"),
        rs.getString("property_id"),
        rs.getString("title"),
        rs.getString("what_happened"),
        instant(rs, "discovered_at"),
        instant(rs, "opened_at"),
        rs.getString("opened_by"),
        strings(rs.getArray("stores")),
        strings(rs.getArray("categories")),
        a,
        rs.getBoolean("high_risk"),
        instant(rs, "high_risk_since"),
        instant(rs, "contained_at"),
        rs.getString("assessment"),
        instant(rs, "regulator_notified_at"),
        instant(rs, "people_notified_at"),
        (Integer) rs.getObject("people_notified"),
        instant(rs, "disclosed_at"),
        rs.getString("public_summary"),
        rs.getString("remediation"),
        rs.getString("lessons"),
        instant(rs, "closed_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : List.of((String[]) array.getArray());
  }
}
