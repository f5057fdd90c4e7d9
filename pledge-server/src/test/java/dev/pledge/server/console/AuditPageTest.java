package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditEntry;
import dev.pledge.server.audit.AuditRecord;
import dev.pledge.server.audit.AuditTrail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@WithRunningServer
class AuditPageTest {

  @LocalServerPort int port;
  @Autowired OperatorAccounts accounts;
  @Autowired AuditTrail trail;

  private ConsoleClient operator;

  @BeforeEach
  void signIn() throws Exception {
    operator = ConsoleClient.signedIn(port, accounts, "audit-reader", "127.0.2.9");
  }

  @Test
  @DisplayName(
      "the Audit page shows the chain status, the last checkpoint and recent entries, escaped")
  void auditPage() throws Exception {
    AuditEntry entry =
        trail.append(
            AuditRecord.of("operator:audit-reader", "test.page")
                .property("reference-site")
                .count(3)
                .detail("note", "<script>alert(1)</script>"));
    trail.checkpoint();
    ConsoleClient.Response page = operator.get("/console/audit");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body())
        .contains("data-chain=\"intact\"")
        .contains("Audit trail intact: ")
        .contains("data-checkpoint")
        .contains("test.page")
        .contains("operator:audit-reader")
        .contains(entry.hash().substring(0, 12))
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>alert(1)");
    assertThat(page.body()).contains("href=\"/console/audit\"").contains(">Audit</a>");

    ConsoleClient.Response again = operator.get("/console/audit?check=now");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains("Checked ").contains("check again now");

    ConsoleClient.Response older = operator.get("/console/audit?before=" + entry.seq());
    assertThat(older.status()).isEqualTo(200);
    assertThat(older.body()).contains("Older entries").doesNotContain("test.page");

    ConsoleClient.Response bad = operator.get("/console/audit?before=abc");
    assertThat(bad.status()).isEqualTo(200);
    assertThat(bad.body()).contains("before must be an entry number");
  }

  @Test
  void auditPageNeedsSignIn() throws Exception {
    ConsoleClient anonymous = new ConsoleClient(port, "127.0.2.10", "localhost");
    ConsoleClient.Response r = anonymous.get("/console/audit");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.location()).endsWith("/console/login");
  }
}
