package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.retention.RetentionBinding;
import dev.pledge.server.retention.RetentionEngineTest;
import dev.pledge.server.retention.TableRetentionStore;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rectification through the SPI (A-15, B-27): a store shaped like the studio's accounts corrects
 * the fields it names, for the requester only, and the audit trail and history record the store,
 * field and count but never a value. The reference site corrects a requester's address on their own
 * requests.
 */
@WithRunningServer
class SubjectRectificationTest {

  @Autowired SubjectRectifier rectifier;
  @Autowired RightsRequests requests;
  @Autowired PolicyCatalog catalog;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  String schema;
  ServedProperty studio;
  List<RetentionBinding> bindings;
  String alice;
  String bob;

  @BeforeEach
  void accounts() {
    schema = "rectify_" + Long.toHexString(System.nanoTime());
    studio = catalog.byId("image-studio").orElseThrow();
    alice = "acct-ann-" + System.nanoTime();
    bob = "acct-ben-" + System.nanoTime();
    jdbc.sql("create schema " + schema).update();
    jdbc.sql(
            "create table "
                + schema
                + ".account (account_id text not null, display_name text, email text,"
                + " plan text, last_activity_at timestamptz not null default now())")
        .update();
    for (String[] row :
        List.of(
            new String[] {alice, "Anne Wrong", "ann-old@example.net"},
            new String[] {bob, "Bob Right", "bob@example.net"})) {
      jdbc.sql(
              "insert into "
                  + schema
                  + ".account (account_id, display_name, email, plan)"
                  + " values (:a, :n, :e, 'pro')")
          .param("a", row[0])
          .param("n", row[1])
          .param("e", row[2])
          .update();
    }
    TableRetentionStore accounts =
        TableRetentionStore.builder(jdbc, tx)
            .name("studio.accounts")
            .holds(studio.id(), "user.account.identity")
            .table(schema + ".account", "last_activity_at")
            .subjectColumn("account_id")
            .correctable("display_name", "email")
            .build();
    bindings =
        List.of(
            new RetentionBinding(
                studio,
                RetentionEngineTest.category(
                    "user.account.identity",
                    RetentionEngineTest.fixed("P1Y"),
                    dev.pledge.policy.Retention.Anchor.LAST_ACTIVITY,
                    dev.pledge.policy.Retention.ExpiryAction.DELETE),
                accounts));
  }

  @AfterEach
  void drop() {
    jdbc.sql("drop schema " + schema + " cascade").update();
  }

  RightsRequest verified(RightsRequestKind kind, String account) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "image-studio", kind, null, RequestChannel.API, null, null, account, null, false),
            "test");
    return requests.changeStatus(
        r.reference(), RightsRequestStatus.IN_PROGRESS, "identity checked", "test");
  }

  String value(String column, String account) {
    return jdbc.sql("select " + column + " from " + schema + ".account where account_id = :a")
        .param("a", account)
        .query(String.class)
        .single();
  }

  @Test
  @DisplayName(
      "A-15 B-27 a rectification changes the value in the store for the requester only, audited"
          + " and noted without the old or new value")
  void correctsOnlyTheRequester() {
    RightsRequest r = verified(RightsRequestKind.RECTIFICATION, alice);
    assertThat(rectifier.fields(bindings, "image-studio"))
        .extracting(SubjectRectifier.CorrectableField::field)
        .containsExactly("display_name", "email");

    SubjectRectifier.Rectified done =
        rectifier.rectify(
            bindings,
            r.reference(),
            "studio.accounts",
            "display_name",
            " Ann Right ",
            "operator:t");
    assertThat(done.items()).isEqualTo(1);
    assertThat(value("display_name", alice)).isEqualTo("Ann Right");
    assertThat(value("display_name", bob)).isEqualTo("Bob Right");
    assertThat(value("email", bob)).isEqualTo("bob@example.net");
    assertThat(value("plan", alice)).isEqualTo("pro");

    String entry =
        jdbc.sql(
                "select a::text from audit_entry a where action = 'subject.rectified'"
                    + " and details like :r")
            .param("r", "%" + r.reference() + "%")
            .query(String.class)
            .single();
    assertThat(entry)
        .contains("studio.accounts")
        .contains("display_name")
        .doesNotContain("Ann Right")
        .doesNotContain("Anne Wrong")
        .doesNotContain(alice);
    assertThat(
            jdbc.sql(
                    "select item_count from audit_entry where action = 'subject.rectified'"
                        + " and details like :r")
                .param("r", "%" + r.reference() + "%")
                .query(Long.class)
                .single())
        .isEqualTo(1);
    String history = requests.history(r.reference()).toString();
    assertThat(history)
        .contains("display_name corrected in studio.accounts")
        .doesNotContain("Ann Right")
        .doesNotContain("Anne Wrong");

    // the same correction again changes nothing and records no new audit entry
    assertThat(
            rectifier
                .rectify(
                    bindings, r.reference(), "studio.accounts", "display_name", "Ann Right", "t")
                .items())
        .isZero();
  }

  @Test
  @DisplayName(
      "A-15 an unknown field or store, an empty value, another kind of request or an unverified"
          + " one gets a clear error and changes nothing")
  void refusals() {
    RightsRequest r = verified(RightsRequestKind.RECTIFICATION, alice);
    assertThatThrownBy(
            () ->
                rectifier.rectify(bindings, r.reference(), "studio.accounts", "plan", "free", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'plan' cannot be corrected in studio.accounts")
        .hasMessageContaining("display_name, email");
    assertThatThrownBy(
            () -> rectifier.rectify(bindings, r.reference(), "studio.images", "email", "x", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no store 'studio.images'")
        .hasMessageContaining("studio.accounts");
    assertThatThrownBy(
            () -> rectifier.rectify(bindings, r.reference(), "studio.accounts", "email", " ", "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrected value");
    assertThat(value("plan", alice)).isEqualTo("pro");

    RightsRequest erasure = verified(RightsRequestKind.ERASURE, alice);
    assertThatThrownBy(
            () ->
                rectifier.rectify(
                    bindings, erasure.reference(), "studio.accounts", "email", "a@b.org", "t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only a rectification corrects");

    RightsRequest unverified =
        requests.open(
            new NewRightsRequest(
                "image-studio",
                RightsRequestKind.RECTIFICATION,
                null,
                RequestChannel.FORM,
                null,
                "ann-old@example.net",
                null,
                null,
                false),
            "test");
    assertThatThrownBy(
            () ->
                rectifier.rectify(
                    bindings, unverified.reference(), "studio.accounts", "email", "a@b.org", "t"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("awaiting-verification");
    assertThat(value("email", alice)).isEqualTo("ann-old@example.net");

    assertThatThrownBy(
            () ->
                TableRetentionStore.builder(jdbc, tx)
                    .name("x")
                    .holds(studio.id(), "x")
                    .table("x", "y")
                    .correctable("email")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject column");
  }

  @Test
  @DisplayName(
      "A-15 the reference site corrects the requester address of the person's own requests, not"
          + " another's")
  void referenceSiteRequesterAddress() {
    long n = System.nanoTime();
    String old = "Reader-" + n + "@example.net";
    String fixed = "reader-" + n + "@example.org";
    String other = "other-" + n + "@example.net";
    RightsRequest inquiry = site(RightsRequestKind.INQUIRY, old);
    RightsRequest rectification = site(RightsRequestKind.RECTIFICATION, old.toLowerCase());
    RightsRequest others = site(RightsRequestKind.INQUIRY, other);
    requests.changeStatus(
        rectification.reference(), RightsRequestStatus.VERIFIED, "address confirmed", "test");

    assertThat(rectifier.fields("reference-site"))
        .contains(
            new SubjectRectifier.CorrectableField(
                "rights.requests", "user.contact.correspondence", "requester_address"));
    assertThatThrownBy(
            () ->
                rectifier.rectify(
                    rectification.reference(),
                    "rights.requests",
                    "requester_address",
                    "not an address",
                    "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name@example.org");

    SubjectRectifier.Rectified done =
        rectifier.rectify(
            rectification.reference(), "rights.requests", "requester_address", fixed, "t");
    assertThat(done.items()).isEqualTo(2);
    assertThat(requests.byReference(inquiry.reference()).orElseThrow().requesterAddress())
        .isEqualTo(fixed);
    assertThat(requests.byReference(rectification.reference()).orElseThrow().requesterAddress())
        .isEqualTo(fixed);
    assertThat(requests.byReference(others.reference()).orElseThrow().requesterAddress())
        .isEqualTo(other);
    assertThat(requests.history(rectification.reference()).toString())
        .contains("requester_address corrected in rights.requests")
        .doesNotContain(fixed)
        .doesNotContain(old);
  }

  RightsRequest site(RightsRequestKind kind, String address) {
    return requests.open(
        new NewRightsRequest(
            "reference-site", kind, null, RequestChannel.FORM, null, address, null, "gdpr", false),
        "test");
  }
}
