package dev.pledge.server.processors;

import dev.pledge.policy.DataCategory;
import dev.pledge.policy.Policy;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Disclosures of personal data to public authorities (B-26): the operator records each one — who
 * asked, when, on which legal basis, which categories, how many people and whether they could be
 * told — and it lands in the audit trail. The public sees only counts per half-year and legal basis
 * ({@link #transparency}); no record names a person.
 */
@Service
public class AuthorityDisclosures {

  /** The legal bases an authority's demand can rest on, as the form and the pages name them. */
  static final Map<String, String> BASES =
      orderedMap(
          "court-order", "Court order",
          "subpoena", "Subpoena",
          "warrant", "Search warrant",
          "statute", "Statutory request (the law is named in the reference)");

  /** Whether the people were told. */
  static final Map<String, String> TOLD =
      orderedMap(
          "told", "The people were told",
          "gag-order", "Not told: a gag order prevents it",
          "not-yet", "Not told yet");

  /** The form's fields as its labels name them, for the error list. */
  static final Map<String, String> FIELDS =
      orderedMap(
          "property", "Property",
          "authority", "Authority",
          "receivedOn", "Demand received on",
          "disclosedOn", "Data disclosed on",
          "basisType", "Legal basis",
          "basisReference", "Reference",
          "categories", "Categories disclosed",
          "people", "How many people",
          "peopleTold", "Were the people told?",
          "note", "Note");

  static final int MAX_TEXT = 200;
  static final int MAX_NOTE = 1_000;
  static final int MAX_PEOPLE = 100_000_000;

  /** An e-mail address or a run of digits as long as a phone or id number: personal data. */
  private static final Pattern PERSONAL =
      Pattern.compile("[^\\s@]+@[^\\s@]+\\.[^\\s@]+|\\+?\\d[\\d ()./-]{7,}\\d");

  private final PolicyCatalog catalog;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final Clock clock;

  AuthorityDisclosures(
      PolicyCatalog catalog,
      AuditTrail audit,
      JdbcClient jdbc,
      TransactionTemplate tx,
      Clock clock) {
    this.catalog = catalog;
    this.audit = audit;
    this.jdbc = jdbc;
    this.tx = tx;
    this.clock = clock;
  }

  /** A recorded disclosure, for the console. */
  record Disclosure(
      String id,
      String property,
      String authority,
      LocalDate receivedOn,
      LocalDate disclosedOn,
      String basisType,
      String basisReference,
      List<String> categories,
      int people,
      String peopleTold,
      String note) {}

  /**
   * One line of the public transparency report: in a half-year, how many disclosures rested on one
   * kind of legal basis, how many people they concerned, and how many of those disclosures a gag
   * order kept from the people.
   *
   * @param halfYear {@code 2026-H2}
   * @param basis a key of the legal bases: {@code court-order}, {@code subpoena}, {@code warrant},
   *     {@code statute}
   */
  public record TransparencyLine(
      String halfYear, String basis, long disclosures, long people, long gagged) {}

  /** Checks what the operator typed and records it with an audit entry; returns its id. */
  String record(NewDisclosure in, String actor) {
    Map<String, String> errors = new LinkedHashMap<>();
    ServedProperty property =
        in.property() == null ? null : catalog.byId(in.property().strip()).orElse(null);
    if (property == null) {
      errors.put(
          "property",
          "No served property is called '"
              + in.property()
              + "'. Record the disclosure from the property's section of the Data flows page.");
      throw new DisclosureInputException(errors);
    }
    text(
        errors,
        "authority",
        in.authority(),
        MAX_TEXT,
        "Name the authority that asked, for example 'Metropolitan Police'.");
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate received = date(errors, "receivedOn", in.receivedOn(), "received the demand", today);
    LocalDate disclosed =
        date(errors, "disclosedOn", in.disclosedOn(), "disclosed the data", today);
    if (received != null && disclosed != null && disclosed.isBefore(received)) {
      errors.put(
          "disclosedOn",
          "The disclosure date "
              + disclosed
              + " is before the demand was received ("
              + received
              + "). Check both dates.");
    }
    if (in.basisType() == null || !BASES.containsKey(in.basisType().strip())) {
      errors.put("basisType", "Choose the legal basis: " + String.join(", ", BASES.keySet()) + ".");
    }
    text(
        errors,
        "basisReference",
        in.basisReference(),
        MAX_TEXT,
        "Give the order, subpoena or statute reference, for example 'Case 2026/1234' or 'RIPA 2000 s.22'.");
    Policy policy = property.policy();
    List<String> categories = new ArrayList<>();
    for (String c : in.categories() == null ? List.<String>of() : in.categories()) {
      if (c == null || c.isBlank() || categories.contains(c.strip())) {
        continue;
      }
      if (policy.category(c.strip()).isEmpty()) {
        errors.put(
            "categories",
            "'"
                + c.strip()
                + "' is not a data category of "
                + property.name()
                + "'s policy; tick the categories the form lists.");
      }
      categories.add(c.strip());
    }
    if (categories.isEmpty() && !errors.containsKey("categories")) {
      errors.put("categories", "Tick at least one data category that was disclosed.");
    }
    Integer people = people(errors, in.people());
    if (in.peopleTold() == null || !TOLD.containsKey(in.peopleTold().strip())) {
      errors.put(
          "peopleTold",
          "Say whether the people were told: " + String.join(", ", TOLD.keySet()) + ".");
    }
    String note = in.note() == null || in.note().isBlank() ? null : in.note().strip();
    if (note != null && note.length() > MAX_NOTE) {
      errors.put("note", "At most " + MAX_NOTE + " characters; this has " + note.length() + ".");
    } else if (note != null && PERSONAL.matcher(note).find()) {
      errors.put(
          "note",
          "The note must hold no personal data: remove the e-mail address or phone/id number.");
    }
    if (!errors.isEmpty()) {
      throw new DisclosureInputException(errors);
    }
    Instant now = clock.instant();
    String propertyId = property.id().value();
    String basis = in.basisType().strip();
    String told = in.peopleTold().strip();
    return tx.execute(
        t -> {
          long n =
              jdbc.sql("select nextval('authority_disclosure_number')").query(Long.class).single();
          String id = String.format("DIS-%d-%04d", now.atZone(ZoneOffset.UTC).getYear(), n);
          jdbc.sql(
                  """
                  insert into authority_disclosure (id, property_id, authority, received_on,
                    disclosed_on, basis_type, basis_reference, categories, people, people_told,
                    note, recorded_at, recorded_by)
                  values (:id, :property, :authority, :received, :disclosed, :basis, :reference,
                    :categories, :people, :told, :note, :now, :actor)
                  """)
              .param("id", id)
              .param("property", propertyId)
              .param("authority", in.authority().strip())
              .param("received", Date.valueOf(received))
              .param("disclosed", Date.valueOf(disclosed))
              .param("basis", basis)
              .param("reference", in.basisReference().strip())
              .param("categories", categories.toArray(String[]::new))
              .param("people", people)
              .param("told", told)
              .param("note", note)
              .param("now", Timestamp.from(now))
              .param("actor", actor)
              .update();
          String joined = String.join(",", categories);
          // The trail says what kind of disclosure and how many people, never who: the authority's
          // reference and the note may name a case, so they stay in the record, not in the trail.
          audit.append(
              AuditRecord.of(actor, "authority.disclosure-recorded")
                  .property(propertyId)
                  .count(people)
                  .detail("disclosure", id)
                  .detail("basis", basis)
                  .detail(
                      "categories",
                      joined.length() <= 200 ? joined : categories.size() + " categories")
                  .detail("people-told", told)
                  .detail("disclosed-on", disclosed.toString()));
          return id;
        });
  }

  /** The property's disclosures, newest first. */
  List<Disclosure> of(String propertyId) {
    return jdbc.sql(
            """
            select * from authority_disclosure where property_id = :property
            order by disclosed_on desc, id desc
            """)
        .param("property", propertyId)
        .query(
            (rs, i) ->
                new Disclosure(
                    rs.getString("id"),
                    rs.getString("property_id"),
                    rs.getString("authority"),
                    rs.getDate("received_on").toLocalDate(),
                    rs.getDate("disclosed_on").toLocalDate(),
                    rs.getString("basis_type"),
                    rs.getString("basis_reference"),
                    List.of((String[]) rs.getArray("categories").getArray()),
                    rs.getInt("people"),
                    rs.getString("people_told"),
                    rs.getString("note")))
        .list();
  }

  /** The public transparency report: counts per half-year and legal basis, newest first. */
  public List<TransparencyLine> transparency(String propertyId) {
    return jdbc.sql(
            """
            select extract(year from disclosed_on)::int as year,
                   case when extract(month from disclosed_on) <= 6 then 1 else 2 end as half,
                   basis_type, count(*) as n, sum(people) as people,
                   count(*) filter (where people_told = 'gag-order') as gagged
            from authority_disclosure where property_id = :property
            group by 1, 2, 3 order by 1 desc, 2 desc, 3
            """)
        .param("property", propertyId)
        .query(
            (rs, i) ->
                new TransparencyLine(
                    rs.getInt("year") + "-H" + rs.getInt("half"),
                    rs.getString("basis_type"),
                    rs.getLong("n"),
                    rs.getLong("people"),
                    rs.getLong("gagged")))
        .list();
  }

  /** Category titles of a property's policy, for the form. */
  static List<Map.Entry<String, String>> categoriesOf(Policy policy) {
    return policy.categories().stream().map(c -> Map.entry(c.id(), title(c))).toList();
  }

  private static String title(DataCategory c) {
    return c.title() + " (" + c.id() + ")";
  }

  private static void text(
      Map<String, String> errors, String field, String value, int max, String how) {
    if (value == null || value.isBlank()) {
      errors.put(field, how);
    } else if (value.strip().length() > max) {
      errors.put(field, "At most " + max + " characters; this has " + value.strip().length() + ".");
    }
  }

  private static LocalDate date(
      Map<String, String> errors, String field, String value, String what, LocalDate today) {
    if (value == null || value.isBlank()) {
      errors.put(field, "Give the date you " + what + ", as 2026-12-06.");
      return null;
    }
    try {
      LocalDate d = LocalDate.parse(value.strip());
      if (d.isAfter(today)) {
        errors.put(field, "The date " + d + " is in the future; give the date you " + what + ".");
        return null;
      }
      return d;
    } catch (DateTimeParseException e) {
      errors.put(
          field,
          "'" + value.strip() + "' is not a date; write the date you " + what + " as 2026-12-06.");
      return null;
    }
  }

  private static Integer people(Map<String, String> errors, String value) {
    String how =
        "Give how many people's data was disclosed, a whole number from 1 to " + MAX_PEOPLE + ".";
    if (value == null || value.isBlank()) {
      errors.put("people", how);
      return null;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n < 1 || n > MAX_PEOPLE) {
        errors.put("people", how + " This is " + n + ".");
        return null;
      }
      return n;
    } catch (NumberFormatException e) {
      errors.put("people", "'" + value.strip() + "' is not a number. " + how);
      return null;
    }
  }

  private static Map<String, String> orderedMap(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
