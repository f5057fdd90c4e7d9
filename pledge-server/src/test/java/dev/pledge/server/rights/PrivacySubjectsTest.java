package dev.pledge.server.rights;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which subject lines are privacy requests, and of which kind (README, "E-mail intake"). */
class PrivacySubjectsTest {

  static Optional<RightsRequestKind> kind(String subject) {
    return PrivacySubjects.kind(RightsMailIntake.normalizeSubject(subject));
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Privacy deletion request | ERASURE",
        "AW: WG: privacy  DELETION request | ERASURE",
        "Please delete my data | ERASURE",
        "Right to be forgotten | ERASURE",
        "GDPR: erase everything you hold about me | ERASURE",
        "GDPR access request | ACCESS",
        "Subject access request | ACCESS",
        "Privacy: a copy of my data, please | ACCESS",
        "CCPA request to know | ACCESS",
        "Data portability request | PORTABILITY",
        "Privacy correction request | RECTIFICATION",
        "My personal data is inaccurate | RECTIFICATION",
        "Privacy objection: analytics | OBJECTION",
        "GDPR: I object to your tracking | OBJECTION",
        "Do not sell my personal information | OPT_OUT_OF_SALE",
        "Privacy opt-out | OPT_OUT_OF_SALE",
        "Privacy request | INQUIRY",
        "Re: privacy question | INQUIRY",
        "Question about my personal data | INQUIRY",
        "GDPR access and deletion request | ACCESS"
      })
  @DisplayName("A-15 A-16 A-21 privacy requests are known by their subject, the first kind named")
  void privacyRequests(String subject, RightsRequestKind expected) {
    assertThat(kind(subject)).contains(expected);
  }

  @ParameterizedTest(name = "\"{0}\" stays correspondence")
  @ValueSource(
      strings = {
        "A question about your analytics",
        "Typo on your privacy page",
        "Delete the broken link on the models page",
        "Correction: wrong date in the changelog",
        "Copy error in the privacy policy",
        "Your privacy policy is very clear",
        "Data request: the benchmark numbers",
        "Access to the API documentation",
        "Re: your article about data protection laws",
        "",
        "Fwd:"
      })
  @DisplayName("A-09 editorial mail, even about privacy pages or data, is not a privacy request")
  void editorialMail(String subject) {
    assertThat(kind(subject)).isEmpty();
  }

  @Test
  @DisplayName("A-15 an objection's purpose is the one named, or the property's only one")
  void objectionPurpose() {
    List<ObjectionPurpose> all = List.of(ObjectionPurpose.values());
    assertThat(PrivacySubjects.purpose("gdpr i object to marketing e-mails", all))
        .contains(ObjectionPurpose.MARKETING);
    assertThat(PrivacySubjects.purpose("privacy objection", all)).isEmpty();
    assertThat(PrivacySubjects.purpose("privacy objection", List.of(ObjectionPurpose.ANALYTICS)))
        .contains(ObjectionPurpose.ANALYTICS);
  }
}
