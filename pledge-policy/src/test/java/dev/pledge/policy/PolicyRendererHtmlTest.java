package dev.pledge.policy;

import static dev.pledge.policy.TestPolicies.draft;
import static dev.pledge.policy.TestPolicies.imageStudio;
import static dev.pledge.policy.TestPolicies.referenceSite;
import static dev.pledge.policy.TestPolicies.tableRows;
import static dev.pledge.policy.TestPolicies.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class PolicyRendererHtmlTest {

  private static final String CATEGORY_CAPTION = "Data categories collected by";

  private static String html(Policy p) {
    return PolicyRenderer.render(p, PolicyRenderer.Format.HTML);
  }

  /** A policy whose newest change-log entry is material. */
  private static Policy withMaterialChange(Policy p, LocalDate date, String summary) {
    TestPolicies.Draft d = draft(p);
    d.changes.add(new PolicyChange(date, true, summary));
    return d.build();
  }

  @Test
  @Tag("A-23")
  @DisplayName("A-23 the page carries the data-category table exactly as the reference site")
  void categoryTableMatchesTheSeed() {
    List<List<String>> rows = tableRows(html(referenceSite()), CATEGORY_CAPTION);

    List<List<String>> expected = new ArrayList<>();
    expected.add(List.of("Data category", "Collected", "Purpose", "Retention"));
    expected.addAll(SeedTableTest.SEED_ROWS);
    assertThat(rows).containsExactlyElementsOf(expected);
  }

  @Test
  @DisplayName("A-23 the table is accessible: caption, column headers, row headers")
  void categoryTableIsAccessible() {
    String html = html(referenceSite());

    assertThat(html)
        .contains(
            "<caption>Data categories collected by qwen.co.com, collection status, purpose, and"
                + " retention period</caption>")
        .contains(
            "<thead><tr><th scope=\"col\">Data category</th><th scope=\"col\">Collected</th>"
                + "<th scope=\"col\">Purpose</th><th scope=\"col\">Retention</th></tr></thead>")
        .contains("<tr><th scope=\"row\">Email correspondence</th><td>Only if you contact us</td>");
  }

  @Test
  @Tag("A-20")
  @DisplayName("A-20 a material newest change is announced at the top with its effective date")
  void materialChangeNoticeAtTheTop() {
    Policy p =
        withMaterialChange(
            referenceSite(), LocalDate.of(2026, 5, 1), "Correspondence is now kept 12 months.");
    String html = html(p);

    String notice =
        "<aside role=\"note\" class=\"policy-change-notice\"><p>Material change effective <time"
            + " datetime=\"2026-05-01\">1 May 2026</time>: Correspondence is now kept 12"
            + " months.</p></aside>";
    assertThat(html).contains(notice);
    // Inside the header, right after the title, before the dates and every section.
    assertThat(html.indexOf(notice)).isGreaterThan(html.indexOf("</h1>"));
    assertThat(html.indexOf(notice)).isLessThan(html.indexOf("Effective <time"));
    assertThat(html.indexOf(notice)).isLessThan(html.indexOf("</header>"));
    assertThat(html.indexOf(notice)).isLessThan(html.indexOf("<section"));
    assertThat(PolicyRenderer.htmlBody(p)).contains(notice);
  }

  @Test
  @Tag("A-20")
  @DisplayName("A-20 no notice when the newest change is not material, even after a material one")
  void noNoticeWithoutMaterialNewestChange() {
    assertThat(html(referenceSite())).doesNotContain("<aside");

    TestPolicies.Draft d = draft(referenceSite());
    d.changes.add(new PolicyChange(LocalDate.of(2026, 2, 1), true, "Older material change."));
    d.changes.add(new PolicyChange(LocalDate.of(2026, 3, 1), false, "Wording."));
    assertThat(html(d.build()))
        .doesNotContain("<aside")
        .doesNotContain("Material change effective");
  }

  @Test
  @Tag("A-20")
  @DisplayName("A-20 the effective and last-reviewed dates are shown near the top")
  void datesShownInTheHeader() {
    String html = html(referenceSite());
    String dates =
        "<p>Effective <time datetime=\"2026-04-01\">1 April 2026</time> · Last reviewed <time"
            + " datetime=\"2026-04-15\">15 April 2026</time></p>";

    assertThat(html).contains(dates);
    assertThat(html.indexOf(dates)).isLessThan(html.indexOf("</header>"));
  }

  @Test
  @DisplayName("the full page is semantic: doctype, language, landmarks, labelled sections")
  void semanticDocument() {
    String html = html(imageStudio());

    assertThat(html)
        .startsWith("<!doctype html>\n<html lang=\"en\">")
        .contains("<meta charset=\"utf-8\">")
        .contains("<title>Privacy policy — Image Studio</title>")
        .contains("<main>")
        .contains("<header>\n<h1 id=\"policy-title\">Privacy policy — Image Studio</h1>")
        .contains("<style>")
        .contains("@media print")
        .endsWith("</html>\n");
    Matcher sections =
        Pattern.compile("<section id=\"([^\"]+)\" aria-labelledby=\"([^\"]+)\">").matcher(html);
    int count = 0;
    while (sections.find()) {
      count++;
      assertThat(sections.group(2)).isEqualTo(sections.group(1) + "-heading");
      assertThat(html).contains(" id=\"" + sections.group(2) + "\">");
    }
    assertThat(count).isGreaterThan(15);
    assertThat(html.split("<section", -1).length - 1).isEqualTo(count);
  }

  @Test
  @DisplayName("headings start at h1 and never skip a level")
  void headingsInOrder() {
    for (Policy p : List.of(referenceSite(), imageStudio())) {
      Matcher h = Pattern.compile("<h([1-6])[ >]").matcher(html(p));
      List<Integer> levels = new ArrayList<>();
      while (h.find()) {
        levels.add(Integer.parseInt(h.group(1)));
      }
      assertThat(levels.get(0)).isEqualTo(1);
      assertThat(levels.stream().filter(l -> l == 1)).hasSize(1);
      for (int i = 1; i < levels.size(); i++) {
        assertThat(levels.get(i)).isLessThanOrEqualTo(levels.get(i - 1) + 1);
      }
    }
  }

  @Test
  @DisplayName("the page loads nothing from anywhere: no scripts, stylesheets, images or fonts")
  void noExternalResources() {
    for (Policy p : List.of(referenceSite(), imageStudio())) {
      String html = html(p);
      assertThat(html)
          .doesNotContainIgnoringCase("<script")
          .doesNotContainIgnoringCase("<link")
          .doesNotContainIgnoringCase("<img")
          .doesNotContainIgnoringCase("<iframe")
          .doesNotContainIgnoringCase("src=")
          .doesNotContainIgnoringCase("@import")
          .doesNotContainIgnoringCase("url(")
          .doesNotContainIgnoringCase("@font-face");
      // Links to web addresses are only ever ordinary anchors a reader chooses to follow.
      Matcher href = Pattern.compile("<(\\w+)[^>]*\\shref=\"https?:").matcher(html);
      while (href.find()) {
        assertThat(href.group(1)).isEqualTo("a");
      }
    }
    assertThat(html(imageStudio())).contains("<a href=\"https://studio.example/support\">");
  }

  @Test
  @DisplayName(
      "a served page links its stylesheet instead of inlining it, so a CSP without"
          + " 'unsafe-inline' applies it")
  void linkedStylesheet() {
    String linked = PolicyRenderer.htmlDocument(referenceSite(), "/p/x/privacy.css?a=1&b=2");
    assertThat(linked)
        .doesNotContain("<style")
        .doesNotContain("style=")
        .contains("<link rel=\"stylesheet\" href=\"/p/x/privacy.css?a=1&amp;b=2\">")
        .contains(PolicyRenderer.htmlBody(referenceSite()));
    assertThat(PolicyRenderer.htmlStylesheet()).contains("@media print").doesNotContain("<");
    assertThat(PolicyRenderer.htmlDocument(referenceSite()))
        .as("the self-contained page inlines the same stylesheet")
        .contains("<style>\n" + PolicyRenderer.htmlStylesheet() + "</style>");
  }

  @Test
  @DisplayName("the embeddable body has the content but no html, head or style")
  void bodyForEmbedding() {
    String body = PolicyRenderer.htmlBody(referenceSite());

    assertThat(body)
        .startsWith("<article class=\"privacy-policy\" aria-labelledby=\"policy-title\">")
        .doesNotContain("<html")
        .doesNotContain("<head>")
        .doesNotContain("<!doctype")
        .doesNotContain("<style")
        .doesNotContain("<main")
        .contains("<header>")
        .contains(CATEGORY_CAPTION);
    assertThat(PolicyRenderer.htmlDocument(referenceSite())).contains(body);
    assertThat(PolicyRenderer.htmlDocument(referenceSite()))
        .isEqualTo(PolicyRenderer.render(referenceSite(), PolicyRenderer.Format.HTML));
  }

  @Test
  @DisplayName("every text value is escaped: <script> and & show as text")
  void escapesEveryValue() {
    String hostile = "<script>alert('x')</script> & co";
    TestPolicies.Draft d = draft(imageStudio());
    d.summary = hostile;
    d.category("user.account", c -> TestPolicies.withTitle(c, hostile));
    d.purposes.set(0, new Purpose("account", hostile, hostile, false));
    d.processors.set(
        0, new Processor(hostile, hostile, hostile, List.of("user.account"), "us", Safeguard.SCC));
    d.changes.add(new PolicyChange(LocalDate.of(2026, 1, 1), true, hostile));
    String html = html(d.build());

    assertThat(html).doesNotContain("<script").doesNotContain("& co");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co");
    assertThat(text(html)).contains("Material change effective 1 January 2026: " + hostile);
    assertThat(tableRows(html, CATEGORY_CAPTION).get(1).get(0)).isEqualTo(hostile);
  }

  @Test
  @DisplayName("an address that could run code is shown as text, never as a link")
  void unsafeAddressesAreNotLinked() {
    TestPolicies.Draft d = draft(referenceSite());
    d.contacts.add(
        new Contact(
            Contact.Role.SUPPORT, null, "help@qwen.co.com", "javascript:alert(1)", null, null));
    String html = html(d.build());

    assertThat(html).doesNotContain("href=\"javascript:").contains("javascript:alert(1)");
  }

  @Test
  @Tag("A-14")
  @DisplayName("A-14 a site that shares nothing says it never sells, shares or licenses data")
  void neverSellsNorShares() {
    assertThat(text(html(referenceSite())))
        .contains(
            "We do not sell, rent or trade personal information and do not share or license it"
                + " to third parties.");
  }

  @Test
  @Tag("B-24")
  @DisplayName("B-24 a service with processors says it never sells and shares only with them")
  void neverSellsSharesWithProcessors() {
    String text = text(html(imageStudio()));

    assertThat(text)
        .contains("We never sell your data")
        .contains(
            "We do not sell, rent or trade personal information. We share it only with the"
                + " processors listed in this policy")
        .doesNotContain("do not share or license");

    TestPolicies.Draft d = draft(imageStudio());
    d.sellsData = true;
    assertThat(text(html(d.build())))
        .contains("Sale of personal information")
        .contains("We sell personal information.")
        .doesNotContain("We do not sell");
  }

  @Test
  @Tag("A-13")
  @DisplayName(
      "A-13 a site without cookies says so, and that every page reads with cookies blocked")
  void noCookies() {
    assertThat(text(html(referenceSite())))
        .contains("This site sets no cookies. Every page can be read with cookies blocked.");
  }

  @Test
  @Tag("B-30")
  @DisplayName("B-30 cookie categories say whether consent is needed; each cookie its lifetime")
  void cookies() {
    String html = html(imageStudio());

    assertThat(text(html))
        .contains("Essential: Sign-in and security. Strictly necessary: set without asking")
        .contains("Preference: Your settings. Set only with your consent, which you can withdraw");
    assertThat(tableRows(html, "Cookies that may be set"))
        .containsExactly(
            List.of("Cookie", "Category", "Purpose", "Lifetime", "Party"),
            List.of(
                "studio_session",
                "Essential",
                "Keeps you signed in",
                "Until you close the browser",
                "First party"),
            List.of(
                "studio_prefs", "Preference", "Remembers your language", "1 year", "First party"));
  }

  @Test
  @Tag("A-21")
  @DisplayName("A-21 the deletion subject line is published with a link that pre-fills it")
  void deletionBySubjectLine() {
    String html = html(referenceSite());

    assertThat(html)
        .contains(
            "<strong>Deletion by e-mail</strong>: e-mail <a"
                + " href=\"mailto:editor@qwen.co.com?subject=Privacy%20deletion%20request\">"
                + "editor@qwen.co.com</a> with the subject line “Privacy deletion request”, which"
                + " starts a deletion request at once");
    assertThat(text(html))
        .contains("People protected by General Data Protection Regulation (GDPR) and California")
        .contains(
            "General Data Protection Regulation (GDPR) (people in the EU and the UK): we answer"
                + " within 30 days; we may extend this by 2 months");
  }

  @Test
  @Tag("A-21")
  @DisplayName(
      "A-21 a subject line that starts another kind of request is not offered for this one")
  void subjectLineOnlyForItsOwnRequest() {
    TestPolicies.Draft d = draft(referenceSite());
    d.rights.set(0, new Right(Right.Kind.ACCESS, List.of("gdpr"), null, List.of("email-deletion")));
    String html = html(d.build());
    String access =
        html.substring(
            html.indexOf("<section id=\"right-access\""),
            html.indexOf("</section>", html.indexOf("<section id=\"right-access\"")));

    assertThat(access)
        .contains(
            "<strong>Deletion by e-mail</strong>: e-mail <a href=\"mailto:editor@qwen.co.com\">")
        .doesNotContain("Privacy deletion request");
    assertThat(text(html)).contains("What it coversServer log entries and e-mail you sent.");
  }

  @Test
  @Tag("B-29")
  @DisplayName("B-29 rights name every channel: dashboard, form, e-mail and legal contact")
  void rightsChannels() {
    String text = text(html(imageStudio()));

    assertThat(text)
        .contains("Account dashboard: use your account dashboard at /account/privacy")
        .contains("Privacy center: use the form at /privacy/requests")
        .contains("E-mail the privacy team: e-mail privacy@studio.example")
        .contains("Legal request: e-mail legal@studio.example")
        .contains("Who has this rightEveryone");
  }

  @Test
  @Tag("B-32")
  @Tag("B-38")
  @DisplayName("B-32 B-38 deadlines per law and response times, business days included")
  void deadlinesAndResponseTimes() {
    String text = text(html(imageStudio()));

    assertThat(text)
        .contains("Personal Data Protection Act (PDPA): we answer within 10 business days.")
        .contains("California residents): we answer within 45 days; we may extend this by 45 days")
        .contains("General inquiriesanswered within 5 business days")
        .contains("Data rights requestsfulfilled within 30 days")
        .contains("Urgent privacy mattersanswered within 24 hours")
        .contains("Regulator inquiriesacknowledged at once");
  }

  @Test
  @Tag("B-25")
  @DisplayName("B-25 every processor is published with the data it receives, region and safeguard")
  void processorsPublished() {
    assertThat(tableRows(html(imageStudio()), "Processors,"))
        .containsExactly(
            List.of("Processor", "Role", "Purpose", "Data received", "Region", "Safeguard"),
            List.of(
                "Stripe",
                "payments",
                "Card payments",
                "Payment records",
                "United States",
                "Standard contractual clauses"),
            List.of(
                "Alibaba Cloud Model Studio",
                "ai-model",
                "Runs image edits",
                "Source images, Edited images",
                "Asia-Pacific",
                "Standard contractual clauses"),
            List.of(
                "Example Cloud",
                "cloud",
                "Hosting",
                "Account data, Editing history",
                "European Union",
                "None needed"));
  }

  @Test
  @Tag("B-31")
  @Tag("B-23")
  @DisplayName("B-31 B-23 regions and international transfers are published with their safeguard")
  void regionsAndTransfers() {
    String html = html(imageStudio());

    assertThat(text(html))
        .contains("United States: data of people from this region stays in this region")
        .contains("Asia-Pacific");
    assertThat(tableRows(html, "International transfers"))
        .containsExactly(
            List.of("From", "To", "Safeguard", "Purpose"),
            List.of(
                "European Union",
                "United States",
                "Standard contractual clauses",
                "Payments by Stripe"),
            List.of("European Union", "Asia-Pacific", "Adequacy decision", "AI edits"));
  }

  @Test
  @Tag("B-33")
  @Tag("B-36")
  @Tag("B-37")
  @DisplayName("B-33 B-36 B-37 children, breach clocks and change-notice rules are published")
  void childrenBreachAndChangeNotice() {
    String text = text(html(imageStudio()));

    assertThat(text)
        .contains("Accounts are not available to anyone under 13.")
        .contains(
            "General Data Protection Regulation (GDPR): a parent or guardian must consent for"
                + " anyone under 16")
        .contains("Delete the child's account")
        .contains("Contained and assessedwithin 24 hours")
        .contains("Regulator notifiedwithin 72 hours")
        .contains("at once by e-mail and an in-app message")
        .contains("We announce material changes 30 days before they take effect, through e-mail")
        .contains("A material change applies to you only after you opt in to it.");
  }

  @Test
  @Tag("B-39")
  @DisplayName("B-39 every contact is published with a mailto link")
  void contacts() {
    String html = html(imageStudio());

    assertThat(html)
        .contains(
            "<dt>Data protection officer</dt><dd>Dana Example, <a href=\"mailto:dpo@studio.example\">")
        .contains("<a href=\"tel:+15550100\">+1 555 0100</a>")
        .contains("<dt>Privacy team</dt>")
        .contains("<a href=\"mailto:legal@studio.example\">")
        .contains("<a href=\"mailto:compliance@studio.example\">");
  }

  @Test
  @DisplayName("sections follow the published order and empty ones are left out")
  void sectionOrderAndOmission() {
    List<String> studio = sectionIds(html(imageStudio()));
    assertThat(studio)
        .containsSubsequence(
            "scope",
            "data-categories",
            "category-details",
            "purposes",
            "retention",
            "selling",
            "disclosures",
            "rights",
            "response-times",
            "cookies",
            "processors",
            "regions",
            "children",
            "breaches",
            "security",
            "change-notice",
            "change-log",
            "contacts");

    List<String> site = sectionIds(html(referenceSite()));
    assertThat(site)
        .doesNotContain("processors", "regions", "children", "breaches", "security", "disclosures")
        .contains("cookies", "rights", "retention");
  }

  @Test
  @DisplayName("category details give fields, source and legal basis; retention notes are shown")
  void categoryDetails() {
    String text = text(html(referenceSite()));

    assertThat(text)
        .contains("Fieldsemail-address, message")
        .contains("Sourceyou, by e-mail")
        .contains("Legal basisLegitimate interests (GDPR Art. 6(1)(f))")
        .contains(
            "Email correspondence: Duration of exchange plus up to 12 months. Never added to a"
                + " mailing list.");
    assertThat(text(html(imageStudio())))
        .contains(
            "Source images: From 7 days to permanent, chosen by plan. Unless a choice is"
                + " made: 30 days.");
  }

  private static List<String> sectionIds(String html) {
    Matcher m = Pattern.compile("<section id=\"([^\"]+)\"").matcher(html);
    List<String> ids = new ArrayList<>();
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }
}
