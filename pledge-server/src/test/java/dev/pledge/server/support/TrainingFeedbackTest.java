package dev.pledge.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.pledge.server.BrowserSession;
import dev.pledge.server.TestClock;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.rights.NewRightsRequest;
import dev.pledge.server.rights.ObjectionPurpose;
import dev.pledge.server.rights.ProcessingRestrictions;
import dev.pledge.server.rights.RequestChannel;
import dev.pledge.server.rights.RightsRequest;
import dev.pledge.server.rights.RightsRequestKind;
import dev.pledge.server.rights.RightsRequests;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Feedback for model improvement (B-05, B-40): copied only anonymised — no account, no reference to
 * what was rated, the comment without the author's name, address, phone number or links, the day
 * instead of the time — and never for someone who objects: an objection made before the copy stops
 * it, and a later one stops every copy not yet made.
 */
@WithRunningServer
class TrainingFeedbackTest {

  static BrowserSession browser;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired TrainingFeedbackCopy copy;
  @Autowired StudioFeedback feedback;
  @Autowired RightsRequests requests;
  @Autowired ProcessingRestrictions restrictions;

  @BeforeAll
  static void startBrowser() {
    browser = new BrowserSession();
  }

  @AfterAll
  static void stopBrowser() {
    browser.close();
  }

  @AfterEach
  void clockBack() {
    TestClock.reset();
  }

  /** The training copies whose comment (or lack of one) carries {@code marker}. */
  List<Map<String, Object>> copiesWith(String marker) {
    return jdbc.sql("select * from training_feedback where comment like :m")
        .param("m", "%" + marker + "%")
        .query()
        .listOfRows();
  }

  String state(String feedbackId) {
    return jdbc.sql("select training_state from support_feedback where feedback_id = :id")
        .param("id", feedbackId)
        .query(String.class)
        .single();
  }

  /** An objection to model training, as the dashboard makes it: opened and applied at once. */
  RightsRequest object(String account) {
    RightsRequest r =
        requests.open(
            new NewRightsRequest(
                "image-studio",
                RightsRequestKind.OBJECTION,
                ObjectionPurpose.MODEL_TRAINING,
                RequestChannel.ACCOUNT,
                "dashboard",
                null,
                account,
                null,
                false),
            "account");
    restrictions.apply(r.reference(), "account");
    return r;
  }

  @Test
  @DisplayName(
      "B-40 B-05 feedback is copied anonymised for model improvement, never for a person who"
          + " objected; a later objection stops the copies not yet made")
  void anonymisedAndNeverForObjectors() throws Exception {
    String marker = "zebracorn" + Long.toString(System.nanoTime(), 36);
    try (var ada = SupportPeople.verified(browser, port, "Adaline Quist", "GB", 36, "en");
        var bob = SupportPeople.verified(browser, port, "Bobby Object", "GB", 44, "en")) {
      String adaId = SupportPeople.accountOf(jdbc, ada.email());
      String bobId = SupportPeople.accountOf(jdbc, bob.email());
      String adaUser =
          jdbc.sql("select username from studio_account where account_id = :a")
              .param("a", adaId)
              .query(String.class)
              .single();

      // Ada rates the studio on the support page, naming herself every way she can.
      ada.open("/support");
      ada.page().click("label[for=rating-4]");
      ada.page()
          .fill(
              "#comment",
              marker
                  + " Love it! Adaline Quist here (@"
                  + adaUser
                  + "), mail me at "
                  + ada.email()
                  + " or call +44 20 7946 0958, portfolio https://adaline.example.net/p/1."
                  + " Regards, Marta Kowalska");
      ada.page().click("form[data-feedback] button[type=submit]");
      assertThat(ada.page().locator(".notice-ok").textContent()).contains("Thank you");
      String adaEntry =
          jdbc.sql("select feedback_id from support_feedback where account_id = :a")
              .param("a", adaId)
              .query(String.class)
              .single();

      // Bob objects on his dashboard, then the editor posts his rating of an edit.
      bob.open("/account/privacy");
      bob.page().click("[data-purpose='model-training'] button[type=submit]");
      assertThat(bob.page().locator("[data-purpose='model-training']").textContent())
          .contains("Off for you");
      bob.open("/support");
      APIResponse posted =
          bob.context()
              .request()
              .post(
                  bob.studio() + "/feedback",
                  RequestOptions.create()
                      .setForm(
                          FormData.create()
                              .set("_csrf", bob.csrf())
                              .set("kind", "edit")
                              .set("subject", "edit:4711")
                              .set("rating", "2")
                              .set("comment", marker + " the rotation is off")));
      assertThat(posted.status()).isEqualTo(201);
      String bobEntry =
          jdbc.sql("select feedback_id from support_feedback where account_id = :a")
              .param("a", bobId)
              .query(String.class)
              .single();

      assertThat(copy.copy().copied())
          .as("nothing copied before it is a day old: time to object or delete")
          .isZero();
      assertThat(copiesWith(marker)).isEmpty();

      TestClock.advance(Duration.ofHours(25));
      copy.copy();
      List<Map<String, Object>> copies = copiesWith(marker);
      assertThat(copies).as("Ada's feedback only, once").hasSize(1);
      Map<String, Object> row = copies.get(0);
      assertThat(row.keySet())
          .as("no account, no reference to what was rated, no time")
          .containsExactlyInAnyOrder("id", "property_id", "kind", "rating", "comment", "day");
      assertThat(((Number) row.get("rating")).intValue()).isEqualTo(4);
      assertThat(row.get("kind")).isEqualTo("general");
      assertThat(row.get("day").toString())
          .isEqualTo(
              LocalDate.ofInstant(
                      jdbc.sql("select created_at from support_feedback where feedback_id = :id")
                          .param("id", adaEntry)
                          .query(java.sql.Timestamp.class)
                          .single()
                          .toInstant(),
                      ZoneOffset.UTC)
                  .toString());
      String comment = (String) row.get("comment");
      assertThat(comment)
          .startsWith(marker + " Love it!")
          .doesNotContain("Adaline")
          .doesNotContain("Quist")
          .doesNotContain(adaUser)
          .doesNotContain("@")
          .doesNotContain("7946")
          .doesNotContain("adaline.example.net")
          .doesNotContain("Marta")
          .contains(":name")
          .contains(":url");
      assertThat(state(adaEntry)).isEqualTo("copied");
      assertThat(state(bobEntry))
          .as("B-40 the objector's feedback is never copied")
          .isEqualTo("pending");
      assertThat(copiesWith("rotation")).isEmpty();

      // Ada objects later: her next feedback is not copied; the earlier copy names nobody.
      object(adaId);
      String later = feedback.record(adaId, "version", "version:9", 1, marker + " later thought");
      TestClock.advance(Duration.ofHours(25));
      TrainingFeedbackCopy.Run run = copy.copy();
      assertThat(run.withheld()).isGreaterThanOrEqualTo(2);
      assertThat(state(later))
          .as("B-40 a later objection stops future copies")
          .isEqualTo("pending");
      assertThat(copiesWith("later thought")).isEmpty();
      assertThat(copiesWith(marker))
          .as("the anonymised copy stays; nothing in it is Ada's")
          .hasSize(1);
    }
  }
}
