package dev.pledge.server.incidents;

import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Escalations (B-35, B-36): for each clock of each open incident, the operators get one e-mail when
 * a quarter of its time is left and one when it is overdue — each once, recorded after it went out,
 * so a mail server that is away only delays it to the next run.
 */
@Component
class IncidentEscalations {

  private final Incidents incidents;
  private final IncidentMail mail;
  private final AuditTrail audit;
  private final JdbcClient jdbc;
  private final Clock clock;

  IncidentEscalations(
      Incidents incidents, IncidentMail mail, AuditTrail audit, JdbcClient jdbc, Clock clock) {
    this.incidents = incidents;
    this.mail = mail;
    this.audit = audit;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** Sends what is due now; returns how many e-mails went out. */
  synchronized int escalate() {
    if (mail.operatorAddress().isEmpty()) {
      return 0;
    }
    Instant now = clock.instant();
    int sent = 0;
    for (Incident i : incidents.open()) {
      for (IncidentClock c : incidents.clocks(i)) {
        if (c.met()) {
          continue;
        }
        String stage;
        if (!now.isBefore(c.due())) {
          stage = "overdue";
        } else if (!now.isBefore(c.warnAt()) && !c.period().isZero()) {
          stage = "due-soon";
        } else {
          continue;
        }
        if (already(i, c, stage)) {
          continue;
        }
        try {
          mail.send(
              mail.operatorAddress().get(),
              incidents.fromOf(i),
              (stage.equals("overdue") ? "OVERDUE: " : "Due soon: ") + c.label() + " — " + i.id(),
              body(i, c, stage, now));
        } catch (IncidentInputException e) {
          return sent;
        }
        jdbc.sql(
                """
                insert into incident_escalation (incident_id, clock, stage, sent_at)
                values (:id, :clock, :stage, :now) on conflict do nothing
                """)
            .param("id", i.id())
            .param("clock", c.key())
            .param("stage", stage)
            .param("now", Timestamp.from(now))
            .update();
        audit.append(
            AuditRecord.of("system:incidents", "incident.escalated")
                .property(i.property())
                .detail("incident", i.id())
                .detail("clock", c.key())
                .detail("stage", stage));
        sent++;
      }
    }
    return sent;
  }

  private boolean already(Incident i, IncidentClock c, String stage) {
    return jdbc.sql(
                """
            select count(*) from incident_escalation
            where incident_id = :id and clock = :clock and stage = :stage
            """)
            .param("id", i.id())
            .param("clock", c.key())
            .param("stage", stage)
            .query(Long.class)
            .single()
        > 0;
  }

  private static String body(Incident i, IncidentClock c, String stage, Instant now) {
    return "Breach incident "
        + i.id()
        + ": "
        + i.title()
        + "\n\n"
        + c.label()
        + " — "
        + c.state(now)
        + " (due "
        + IncidentWords.moment(c.due())
        + ").\n"
        + (stage.equals("overdue")
            ? "The policy's deadline has passed: act now and record why in the incident.\n"
            : "A quarter of the policy's time is left.\n")
        + "\nPeople affected: "
        + i.affected().people()
        + "\nOpen it under Incidents in the Pledge console: /console/incidents/"
        + i.id()
        + "\n";
  }
}
