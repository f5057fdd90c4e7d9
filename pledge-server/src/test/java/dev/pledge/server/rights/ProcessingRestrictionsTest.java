package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.audit.AuditTrail;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Restriction, objection and opt-out stop processing (A-15, B-27, B-40): modules shaped like the
 * image studio's — a marketing mailer, a model trainer over feedback, an analytics recorder and an
 * image editor — ask the gate, and skip exactly the people who asked them to stop. The studio's
 * tables live in a schema of their own, dropped afterwards.
 */
@WithRunningServer
class ProcessingRestrictionsTest {

  static final String STUDIO = "image-studio";

  @Autowired ProcessingRestrictions gate;
  @Autowired RightsRequests requests;
  @Autowired JdbcClient jdbc;
  @Autowired AuditTrail audit;

  String schema;
  String alice;
  String bob;

  @BeforeEach
  void studio() {
    schema = "studio_" + Long.toHexString(System.nanoTime());
    alice = "acct-ann-" + System.nanoTime();
    bob = "acct-ben-" + System.nanoTime();
    jdbc.sql("create schema " + schema).update();
    jdbc.sql("create table " + schema + ".feedback (account_id text not null, rating int)")
        .update();
    jdbc.sql("create table " + schema + ".usage_event (account_id text not null, what text)")
        .update();
    jdbc.sql("create table " + schema + ".image (account_id text not null, edits int not null)")
        .update();
    for (String a : List.of(alice, bob)) {
      jdbc.sql("insert into " + schema + ".feedback values (:a, 5)").param("a", a).update();
      jdbc.sql("insert into " + schema + ".image values (:a, 0)").param("a", a).update();
    }
  }

  @AfterEach
  void drop() {
    jdbc.sql("drop schema " + schema + " cascade").update();
  }

  // --- the studio's modules, as they will ask the gate ---

  /** Sends the newsletter to every account that has not objected to marketing. */
  List<String> sendNewsletter(List<String> accounts) {
    Set<String> skip = gate.refused(STUDIO, ProcessingPurpose.MARKETING, accounts);
    return accounts.stream().filter(a -> !skip.contains(a)).toList();
  }

  /** Picks the feedback a model-improvement run may train on (B-40). */
  List<String> trainingSet() {
    List<String> authors =
        jdbc.sql("select account_id from " + schema + ".feedback order by account_id")
            .query(String.class)
            .list();
    Set<String> skip = gate.refused(STUDIO, ProcessingPurpose.MODEL_TRAINING, authors);
    return authors.stream().filter(a -> !skip.contains(a)).toList();
  }

  /** Records a usage event for an account, unless the account said no. */
  boolean recordUsage(String account) {
    if (!gate.permits(STUDIO, account, ProcessingPurpose.ANALYTICS)) {
      return false;
    }
    jdbc.sql("insert into " + schema + ".usage_event values (:a, 'opened-editor')")
        .param("a", account)
        .update();
    return true;
  }

  /** Applies an edit to the account's image, unless processing is restricted. */
  boolean edit(String account) {
    if (!gate.permits(STUDIO, account, ProcessingPurpose.EDITING)) {
      return false;
    }
    jdbc.sql("update " + schema + ".image set edits = edits + 1 where account_id = :a")
        .param("a", account)
        .update();
    return true;
  }

  RightsRequest open(RightsRequestKind kind, ObjectionPurpose purpose, String account) {
    return requests.open(
        new NewRightsRequest(
            STUDIO, kind, purpose, RequestChannel.API, null, null, account, null, false),
        "test");
  }

  RightsRequest verified(RightsRequestKind kind, String account) {
    RightsRequest r = open(kind, null, account);
    return requests.changeStatus(
        r.reference(), RightsRequestStatus.IN_PROGRESS, "identity checked", "test");
  }

  long auditEntries(String action, String reference) {
    return jdbc.sql("select count(*) from audit_entry where action = :a and details like :r")
        .param("a", action)
        .param("r", "%" + reference + "%")
        .query(Long.class)
        .single();
  }

  @Test
  @DisplayName(
      "A-15 B-27 a restriction stops every purpose for that person only, keeps the data, and"
          + " lifting it restores processing")
  void restrictionStopsEverything() {
    RightsRequest r = verified(RightsRequestKind.RESTRICTION, alice);
    ProcessingRestrictions.Applied applied = gate.apply(r.reference(), "operator:test");
    assertThat(applied.alreadyInEffect()).isFalse();
    assertThat(applied.restriction().stops()).isEmpty();

    for (ProcessingPurpose p : ProcessingPurpose.values()) {
      assertThat(gate.permits(STUDIO, alice, p)).as(p.key()).isFalse();
      assertThat(gate.permits(STUDIO, bob, p)).as("bob " + p.key()).isTrue();
      assertThat(gate.permits("reference-site", alice, p)).as("other property").isTrue();
    }
    assertThat(edit(alice)).isFalse();
    assertThat(edit(bob)).isTrue();
    assertThat(recordUsage(alice)).isFalse();
    assertThat(sendNewsletter(List.of(alice, bob))).containsExactly(bob);
    assertThat(trainingSet()).containsExactly(bob);
    // the data stays: only its processing stopped
    assertThat(
            jdbc.sql("select edits from " + schema + ".image where account_id = :a")
                .param("a", alice)
                .query(Integer.class)
                .single())
        .isZero();
    assertThat(
            jdbc.sql("select count(*) from " + schema + ".feedback where account_id = :a")
                .param("a", alice)
                .query(Long.class)
                .single())
        .isEqualTo(1);

    // audited with the subject's keyed hash only; noted in the history
    assertThat(auditEntries("processing.restricted", r.reference())).isEqualTo(1);
    String entry =
        jdbc.sql(
                "select a::text from audit_entry a where action = 'processing.restricted'"
                    + " and details like :r")
            .param("r", "%" + r.reference() + "%")
            .query(String.class)
            .single();
    assertThat(entry).doesNotContain(alice).contains(audit.subjectReference(alice));
    assertThat(requests.history(r.reference()))
        .anySatisfy(e -> assertThat(e.note()).startsWith("stopped: all processing"));

    // applying again is harmless: nothing new, nothing audited twice
    assertThat(gate.apply(r.reference(), "operator:test").alreadyInEffect()).isTrue();
    assertThat(auditEntries("processing.restricted", r.reference())).isEqualTo(1);

    List<ProcessingRestriction> lifted =
        gate.lift(r.reference(), "the accuracy dispute is resolved", "operator:test");
    assertThat(lifted).hasSize(1);
    assertThat(lifted.get(0).active()).isFalse();
    for (ProcessingPurpose p : ProcessingPurpose.values()) {
      assertThat(gate.permits(STUDIO, alice, p)).as(p.key()).isTrue();
    }
    assertThat(edit(alice)).isTrue();
    assertThat(auditEntries("processing.restriction-lifted", r.reference())).isEqualTo(1);
    assertThat(requests.history(r.reference()))
        .anySatisfy(e -> assertThat(e.note()).contains("the accuracy dispute is resolved"));
    assertThat(gate.ofRequest(r.reference())).singleElement().matches(p -> !p.active());
  }

  @Test
  @DisplayName(
      "B-40 A-15 an objection to model training stops only training on that person's feedback;"
          + " marketing and analytics go on")
  void objectionStopsOnePurpose() {
    RightsRequest r = open(RightsRequestKind.OBJECTION, ObjectionPurpose.MODEL_TRAINING, alice);
    assertThat(r.status()).as("an objection needs no link").isEqualTo(RightsRequestStatus.RECEIVED);
    gate.apply(r.reference(), "operator:test");

    assertThat(trainingSet()).containsExactly(bob);
    assertThat(gate.permits(STUDIO, alice, ProcessingPurpose.MODEL_TRAINING)).isFalse();
    for (ProcessingPurpose other :
        EnumSet.complementOf(EnumSet.of(ProcessingPurpose.MODEL_TRAINING))) {
      assertThat(gate.permits(STUDIO, alice, other)).as(other.key()).isTrue();
    }
    assertThat(sendNewsletter(List.of(alice, bob))).containsExactly(alice, bob);
    assertThat(recordUsage(alice)).isTrue();
    assertThat(edit(alice)).isTrue();

    // a second objection, to marketing, adds to the first
    RightsRequest m = open(RightsRequestKind.OBJECTION, ObjectionPurpose.MARKETING, alice);
    gate.apply(m.reference(), "operator:test");
    assertThat(sendNewsletter(List.of(alice, bob))).containsExactly(bob);
    assertThat(gate.active(STUDIO, alice)).hasSize(2);

    // withdrawn: training may use the feedback again, marketing stays stopped
    gate.lift(r.reference(), "the person withdrew the objection", "operator:test");
    assertThat(trainingSet()).containsExactly(alice, bob);
    assertThat(sendNewsletter(List.of(alice, bob))).containsExactly(bob);
    assertThat(gate.explain(m)).contains("marketing").contains(STUDIO);
  }

  @Test
  @DisplayName(
      "A-16 an opt-out of sale stops sale and sharing only, and says the site sells nothing")
  void optOutOfSale() {
    RightsRequest r = open(RightsRequestKind.OPT_OUT_OF_SALE, null, alice);
    gate.apply(r.reference(), "operator:test");
    assertThat(gate.permits(STUDIO, alice, ProcessingPurpose.SALE_OR_SHARING)).isFalse();
    assertThat(gate.permits(STUDIO, alice, ProcessingPurpose.MARKETING)).isTrue();
    assertThat(gate.explain(r)).contains("sells and shares no personal information");
  }

  @Test
  @DisplayName("A-15 an address and its upper-case spelling are the same person at the gate")
  void addressesIgnoreCase() {
    String address = "Visitor-" + System.nanoTime() + "@Example.net";
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "reference-site",
                RightsRequestKind.OBJECTION,
                ObjectionPurpose.ANALYTICS,
                RequestChannel.FORM,
                null,
                address,
                null,
                "gdpr",
                false),
            "test");
    gate.apply(r.reference(), "operator:test");
    assertThat(gate.permits("reference-site", address.toLowerCase(), ProcessingPurpose.ANALYTICS))
        .isFalse();
    assertThat(gate.permits("reference-site", address, ProcessingPurpose.ANALYTICS)).isFalse();
    assertThat(
            jdbc.sql("select count(*) from processing_restriction where subject_ref like :a")
                .param("a", "%" + address.toLowerCase() + "%")
                .query(Long.class)
                .single())
        .as("the table names nobody")
        .isZero();
    // the words for an anonymous visitor: nothing stored is theirs; how to stay out of the counts
    assertThat(gate.explain(r))
        .contains("anonymised when they are collected")
        .contains("Global Privacy Control")
        .doesNotContain(address);
  }

  @Test
  @DisplayName(
      "A-15 applying refuses, with the reason, a request of another kind, one awaiting"
          + " verification, an unverified restriction and a closed one; lifting needs a reason")
  void refusals() {
    RightsRequest access = verified(RightsRequestKind.ACCESS, alice);
    assertThatThrownBy(() -> gate.apply(access.reference(), "operator:test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("only a restriction, an objection or an opt-out");

    RightsRequest received = open(RightsRequestKind.RESTRICTION, null, alice);
    assertThatThrownBy(() -> gate.apply(received.reference(), "operator:test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is not verified");

    RightsRequest awaiting =
        requests.open(
            new NewRightsRequest(
                STUDIO,
                RightsRequestKind.RESTRICTION,
                null,
                RequestChannel.FORM,
                null,
                "someone-" + System.nanoTime() + "@example.net",
                null,
                null,
                false),
            "test");
    assertThat(awaiting.status()).isEqualTo(RightsRequestStatus.AWAITING_VERIFICATION);
    assertThatThrownBy(() -> gate.apply(awaiting.reference(), "operator:test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("awaiting verification");

    RightsRequest closed = verified(RightsRequestKind.RESTRICTION, alice);
    requests.changeStatus(closed.reference(), RightsRequestStatus.REJECTED, "no", "test");
    assertThatThrownBy(() -> gate.apply(closed.reference(), "operator:test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("rejected");

    assertThatThrownBy(() -> gate.apply("R-0000-0000", "operator:test"))
        .isInstanceOf(java.util.NoSuchElementException.class);
    assertThat(gate.permits(STUDIO, alice, ProcessingPurpose.EDITING))
        .as("nothing was applied")
        .isTrue();

    RightsRequest r = verified(RightsRequestKind.RESTRICTION, alice);
    assertThatThrownBy(() -> gate.lift(r.reference(), "because", "operator:test"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing that is still in effect");
    gate.apply(r.reference(), "operator:test");
    assertThatThrownBy(() -> gate.lift(r.reference(), " ", "operator:test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a reason");
    assertThat(gate.permits(STUDIO, alice, ProcessingPurpose.EDITING)).isFalse();
    gate.lift(r.reference(), "resolved", "operator:test");
  }
}
