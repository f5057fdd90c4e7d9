package dev.pledge.policy;

import static dev.pledge.policy.PolicyDuration.parse;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policies built with the record constructors, independent of the YAML loader: a small reference
 * site like seed A and a service like seed B. {@link Draft} makes a changed copy for a test.
 */
final class TestPolicies {

  static final LocalDate REFERENCE_EFFECTIVE = LocalDate.of(2026, 4, 1);
  static final LocalDate REFERENCE_REVIEWED = LocalDate.of(2026, 4, 15);

  private TestPolicies() {}

  /** Like seed A: a static site with anonymised analytics, access logs and an editorial inbox. */
  static Policy referenceSite() {
    return new Policy(
        1,
        new Property(
            "reference-site",
            "qwen.co.com",
            Property.Kind.STATIC_SITE,
            List.of("qwen.co.com"),
            "This policy applies only to qwen.co.com, an independent reference site.",
            List.of("the upstream Qwen project", "Alibaba Cloud")),
        new Controller("The qwen.co.com editorial team", null, "editor@qwen.co.com"),
        List.of(new Contact(Contact.Role.EDITORIAL, null, "editor@qwen.co.com", null, null, null)),
        REFERENCE_EFFECTIVE,
        REFERENCE_REVIEWED,
        List.of(new PolicyChange(REFERENCE_EFFECTIVE, false, "First published version.")),
        "qwen.co.com collects standard web analytics and server access logs, nothing else.",
        false,
        Policy.Sharing.NONE,
        List.of(),
        List.of(
            new Purpose(
                "editorial", "Editorial decisions", "Which pages to update and write.", false),
            new Purpose(
                "performance", "Performance monitoring", "How the site performs over time.", false),
            new Purpose("debugging", "Debugging", "Finding and fixing errors.", false),
            new Purpose("abuse", "Abuse monitoring", "Spotting attacks and abuse.", false),
            new Purpose("uptime", "Uptime", "Keeping the site available.", false),
            new Purpose(
                "enquiries",
                "Responding to editorial or privacy enquiries",
                "Answering the people who write to us.",
                false)),
        List.of(
            new DataCategory(
                "user.behavior.page_views",
                "Page view analytics (anonymised)",
                "Which pages are read and how readers arrive.",
                DataCategory.Collected.YES,
                null,
                List.of("page", "referrer-source", "browser"),
                List.of("editorial", "performance"),
                LegalBasis.LEGITIMATE_INTERESTS,
                "your browser",
                true,
                false,
                new Retention(
                    RetentionPeriod.of(parse("P90D")),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.AGGREGATE_THEN_DELETE,
                    RetentionPeriod.permanent(),
                    null,
                    null)),
            new DataCategory(
                "system.access_logs",
                "Server access logs (truncated IP)",
                "What the web server records about each request.",
                DataCategory.Collected.YES,
                null,
                List.of("url", "status", "referrer", "user-agent", "truncated-ip"),
                List.of("debugging", "abuse", "uptime"),
                LegalBasis.LEGITIMATE_INTERESTS,
                "the web server",
                true,
                true,
                fixed("P90D", Retention.Anchor.COLLECTION)),
            new DataCategory(
                "user.contact.email",
                "Email correspondence",
                "Messages sent to the editorial address, and the address they came from.",
                DataCategory.Collected.ON_CONTACT,
                null,
                List.of("email-address", "message"),
                List.of("enquiries"),
                LegalBasis.LEGITIMATE_INTERESTS,
                "you, by e-mail",
                false,
                true,
                new Retention(
                    RetentionPeriod.of(parse("P12M")),
                    Retention.Anchor.LAST_MESSAGE,
                    Retention.ExpiryAction.DELETE,
                    null,
                    null,
                    "Never added to a mailing list.")),
            new DataCategory(
                "user.credentials",
                "Account credentials or passwords",
                "Passwords and log-in details.",
                DataCategory.Collected.NO,
                "no account system exists",
                List.of(),
                List.of(),
                null,
                null,
                false,
                true,
                null),
            new DataCategory(
                "user.health_financial",
                "Personal health or financial data",
                null,
                DataCategory.Collected.NO,
                null,
                List.of(),
                List.of(),
                null,
                null,
                false,
                true,
                null)),
        List.of(
            new Right(Right.Kind.ACCESS, List.of("gdpr"), null, List.of("email")),
            new Right(
                Right.Kind.ERASURE,
                List.of("gdpr", "ccpa"),
                "Server log entries and e-mail you sent.",
                List.of("email-deletion", "email")),
            new Right(Right.Kind.OPT_OUT_OF_SALE, List.of("ccpa"), null, List.of("email"))),
        List.of(
            new Channel(
                "email-deletion",
                Channel.Kind.EMAIL,
                "Deletion by e-mail",
                Contact.Role.EDITORIAL,
                "Privacy deletion request",
                Right.Kind.ERASURE,
                null),
            new Channel(
                "email",
                Channel.Kind.EMAIL,
                "E-mail the editorial team",
                Contact.Role.EDITORIAL,
                null,
                null,
                null)),
        List.of(
            new Law(
                "gdpr",
                "General Data Protection Regulation (GDPR)",
                "people in the EU and the UK",
                parse("P30D"),
                false,
                parse("P2M")),
            new Law(
                "ccpa",
                "California Consumer Privacy Act (CCPA)",
                "California residents",
                parse("P45D"),
                false,
                parse("P45D"))),
        new ResponseTimes(null, new Timeframe(parse("P30D"), false), null, null),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        new ChangeNotice(null, List.of("page-notice"), false),
        List.of());
  }

  /** Like seed B: accounts, images, billing, processors in several regions, cookies. */
  static Policy imageStudio() {
    return new Policy(
        1,
        new Property(
            "image-studio",
            "Image Studio",
            Property.Kind.SERVICE,
            List.of("studio.example"),
            "This policy applies to the Image Studio website, apps and API.",
            List.of()),
        new Controller("Image Studio Ltd", "1 Example Street, Dublin", "privacy@studio.example"),
        List.of(
            new Contact(
                Contact.Role.DPO,
                "Dana Example",
                "dpo@studio.example",
                null,
                "+1 555 0100",
                "1 Example Street, Dublin"),
            new Contact(
                Contact.Role.PRIVACY,
                null,
                "privacy@studio.example",
                "https://studio.example/support",
                null,
                null),
            new Contact(Contact.Role.LEGAL, null, "legal@studio.example", null, null, null),
            new Contact(
                Contact.Role.COMPLIANCE, null, "compliance@studio.example", null, null, null)),
        LocalDate.of(2025, 1, 1),
        LocalDate.of(2025, 6, 1),
        List.of(
            new PolicyChange(LocalDate.of(2024, 6, 1), false, "First published version."),
            new PolicyChange(
                LocalDate.of(2025, 1, 1),
                true,
                "Edits may now run at Alibaba Cloud Model Studio.")),
        "Image Studio edits your images with AI models. We never sell your data.",
        false,
        Policy.Sharing.PROCESSORS_ONLY,
        List.of("When a valid court order requires it"),
        List.of(
            new Purpose(
                "account", "Account management", "Signing in and running your plan.", false),
            new Purpose("editing", "Image editing", "Running the edits you ask for.", false),
            new Purpose("billing", "Billing", "Charging for plans and credits.", false),
            new Purpose("support", "Support", "Answering your questions.", false),
            new Purpose("analytics", "Service analytics", "Improving the service.", true)),
        List.of(
            new DataCategory(
                "user.account",
                "Account data",
                "Who you are to the service.",
                DataCategory.Collected.YES,
                null,
                List.of("name", "email", "username"),
                List.of("account"),
                LegalBasis.CONTRACT,
                "you",
                false,
                true,
                fixed("P90D", Retention.Anchor.ACCOUNT_DELETION)),
            new DataCategory(
                "user.content.history",
                "Editing history",
                "Your edit requests and their results.",
                DataCategory.Collected.YES,
                null,
                List.of("prompt", "model", "mode"),
                List.of("editing"),
                LegalBasis.CONTRACT,
                "you",
                false,
                true,
                fixed("P3Y", Retention.Anchor.COLLECTION)),
            new DataCategory(
                "user.content.source_images",
                "Source images",
                "Images you upload.",
                DataCategory.Collected.YES,
                null,
                List.of("image"),
                List.of("editing"),
                LegalBasis.CONTRACT,
                "you",
                false,
                true,
                new Retention(
                    new RetentionPeriod(
                        RetentionPeriod.Kind.RANGE,
                        null,
                        parse("P7D"),
                        null,
                        parse("P30D"),
                        RetentionPeriod.ChosenBy.PLAN),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.DELETE,
                    null,
                    null,
                    null)),
            new DataCategory(
                "user.content.edited_images",
                "Edited images",
                "Images the service produced for you.",
                DataCategory.Collected.YES,
                null,
                List.of("image"),
                List.of("editing"),
                LegalBasis.CONTRACT,
                "the service",
                false,
                true,
                new Retention(
                    new RetentionPeriod(
                        RetentionPeriod.Kind.RANGE,
                        null,
                        parse("P1D"),
                        parse("P1Y"),
                        parse("P30D"),
                        RetentionPeriod.ChosenBy.USER),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.DELETE,
                    null,
                    null,
                    null)),
            new DataCategory(
                "user.financial.payments",
                "Payment records",
                "Transactions, refunds and credit use; card data stays with the payment processor.",
                DataCategory.Collected.YES,
                null,
                List.of("amount", "date", "plan"),
                List.of("billing"),
                LegalBasis.LEGAL_OBLIGATION,
                "the payment processor",
                false,
                true,
                new Retention(
                    RetentionPeriod.of(parse("P7Y")),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.DELETE,
                    null,
                    new Retention.LegalHold(parse("P7Y"), "tax law"),
                    null)),
            new DataCategory(
                "user.contact.support",
                "Support communications",
                "Messages to and from support.",
                DataCategory.Collected.ON_CONTACT,
                null,
                List.of("message"),
                List.of("support"),
                LegalBasis.LEGITIMATE_INTERESTS,
                "you",
                false,
                true,
                fixed("P5Y", Retention.Anchor.COLLECTION)),
            new DataCategory(
                "user.behavior.usage",
                "Usage analytics",
                "Which features are used.",
                DataCategory.Collected.YES,
                null,
                List.of("feature", "duration"),
                List.of("analytics"),
                LegalBasis.CONSENT,
                "the app",
                false,
                true,
                new Retention(
                    RetentionPeriod.of(parse("P90D")),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.ANONYMISE,
                    null,
                    null,
                    null)),
            new DataCategory(
                "system.research",
                "Research aggregates",
                "Counts with no person behind them.",
                DataCategory.Collected.YES,
                null,
                List.of("count"),
                List.of("analytics"),
                LegalBasis.LEGITIMATE_INTERESTS,
                "usage analytics",
                true,
                false,
                new Retention(
                    RetentionPeriod.permanent(),
                    Retention.Anchor.COLLECTION,
                    Retention.ExpiryAction.DELETE,
                    null,
                    null,
                    null))),
        List.of(
            new Right(
                Right.Kind.ACCESS,
                List.of(),
                null,
                List.of("dashboard", "privacy-center", "email")),
            new Right(Right.Kind.ERASURE, List.of(), null, List.of("dashboard", "email", "legal")),
            new Right(Right.Kind.PORTABILITY, List.of(), null, List.of("dashboard")),
            new Right(Right.Kind.OBJECTION, List.of("gdpr"), null, List.of("privacy-center"))),
        List.of(
            new Channel(
                "dashboard",
                Channel.Kind.DASHBOARD,
                "Account dashboard",
                null,
                null,
                null,
                "/account/privacy"),
            new Channel(
                "privacy-center",
                Channel.Kind.FORM,
                "Privacy center",
                null,
                null,
                null,
                "/privacy/requests"),
            new Channel(
                "email",
                Channel.Kind.EMAIL,
                "E-mail the privacy team",
                Contact.Role.PRIVACY,
                null,
                null,
                null),
            new Channel(
                "legal",
                Channel.Kind.LEGAL,
                "Legal request",
                Contact.Role.LEGAL,
                null,
                null,
                null)),
        List.of(
            new Law(
                "gdpr",
                "General Data Protection Regulation (GDPR)",
                "people in the EU and the EEA",
                parse("P1M"),
                false,
                parse("P2M")),
            new Law(
                "ccpa",
                "California Consumer Privacy Act (CCPA/CPRA)",
                "California residents",
                parse("P45D"),
                false,
                parse("P45D")),
            new Law(
                "pdpa", "Personal Data Protection Act (PDPA)", null, parse("P10D"), true, null)),
        new ResponseTimes(
            new Timeframe(parse("P5D"), true),
            new Timeframe(parse("P30D"), false),
            new Timeframe(parse("PT24H"), false),
            new Timeframe(parse("PT0S"), false)),
        List.of(
            new CookieCategory("essential", "Essential", "Sign-in and security.", false),
            new CookieCategory("preference", "Preference", "Your settings.", true),
            new CookieCategory("marketing", "Marketing", "Promotions.", true)),
        List.of(
            new Cookie("studio_session", "essential", "Keeps you signed in", null, true),
            new Cookie(
                "studio_prefs", "preference", "Remembers your language", parse("P1Y"), true)),
        List.of(
            new Processor(
                "Stripe",
                "payments",
                "Card payments",
                List.of("user.financial.payments"),
                "us",
                Safeguard.SCC),
            new Processor(
                "Alibaba Cloud Model Studio",
                "ai-model",
                "Runs image edits",
                List.of("user.content.source_images", "user.content.edited_images"),
                "apac",
                Safeguard.SCC),
            new Processor(
                "Example Cloud",
                "cloud",
                "Hosting",
                List.of("user.account", "user.content.history"),
                "eu",
                null)),
        List.of(
            new Region("us", "United States", true),
            new Region("eu", "European Union", true),
            new Region("apac", "Asia-Pacific", false)),
        List.of(
            new Transfer("eu", "us", Safeguard.SCC, "Payments by Stripe"),
            new Transfer("eu", "apac", Safeguard.ADEQUACY, "AI edits")),
        new Children(
            13,
            List.of(new Children.ParentalConsent("gdpr", 16)),
            18,
            List.of("See the child's account data", "Delete the child's account")),
        new BreachPolicy(
            parse("PT24H"),
            parse("PT72H"),
            parse("PT0S"),
            List.of("email", "in-app"),
            "/security",
            List.of("Contain and assess", "Investigate", "Notify", "Remediate", "Learn")),
        new ChangeNotice(parse("P30D"), List.of("email", "page-notice"), true),
        List.of(
            new SecurityMeasure(
                "encryption-at-rest", "Encryption at rest", "AES-256-GCM, one key per person."),
            new SecurityMeasure("mfa", "Multi-factor authentication", "Required to export data.")));
  }

  static Retention fixed(String period, Retention.Anchor anchor) {
    return new Retention(
        RetentionPeriod.of(parse(period)), anchor, Retention.ExpiryAction.DELETE, null, null, null);
  }

  static DataCategory withRetention(DataCategory c, Retention r) {
    return new DataCategory(
        c.id(),
        c.title(),
        c.description(),
        c.collected(),
        c.collectedNote(),
        c.fields(),
        c.purposes(),
        c.legalBasis(),
        c.source(),
        c.anonymised(),
        c.personal(),
        r);
  }

  static DataCategory withTitle(DataCategory c, String title) {
    return new DataCategory(
        c.id(),
        title,
        c.description(),
        c.collected(),
        c.collectedNote(),
        c.fields(),
        c.purposes(),
        c.legalBasis(),
        c.source(),
        c.anonymised(),
        c.personal(),
        c.retention());
  }

  static DataCategory withCollected(DataCategory c, DataCategory.Collected collected) {
    return new DataCategory(
        c.id(),
        c.title(),
        c.description(),
        collected,
        null,
        c.fields(),
        c.purposes(),
        c.legalBasis(),
        c.source(),
        c.anonymised(),
        c.personal(),
        c.retention());
  }

  static DataCategory withPurposes(DataCategory c, List<String> purposes) {
    return new DataCategory(
        c.id(),
        c.title(),
        c.description(),
        c.collected(),
        c.collectedNote(),
        c.fields(),
        purposes,
        c.legalBasis(),
        c.source(),
        c.anonymised(),
        c.personal(),
        c.retention());
  }

  static Draft draft(Policy p) {
    return new Draft(p);
  }

  /** A mutable copy of a policy, so a test can change one thing and build the new version. */
  static final class Draft {
    int languageVersion;
    Property property;
    Controller controller;
    List<Contact> contacts;
    LocalDate effective;
    LocalDate lastReviewed;
    List<PolicyChange> changes;
    String summary;
    boolean sellsData;
    Policy.Sharing sharing;
    List<String> disclosures;
    List<Purpose> purposes;
    List<DataCategory> categories;
    List<Right> rights;
    List<Channel> channels;
    List<Law> laws;
    ResponseTimes responseTimes;
    List<CookieCategory> cookieCategories;
    List<Cookie> cookies;
    List<Processor> processors;
    List<Region> regions;
    List<Transfer> transfers;
    Children children;
    BreachPolicy breach;
    ChangeNotice changeNotice;
    List<SecurityMeasure> security;

    private Draft(Policy p) {
      languageVersion = p.languageVersion();
      property = p.property();
      controller = p.controller();
      contacts = new ArrayList<>(p.contacts());
      effective = p.effective();
      lastReviewed = p.lastReviewed();
      changes = new ArrayList<>(p.changes());
      summary = p.summary();
      sellsData = p.sellsData();
      sharing = p.sharing();
      disclosures = new ArrayList<>(p.disclosures());
      purposes = new ArrayList<>(p.purposes());
      categories = new ArrayList<>(p.categories());
      rights = new ArrayList<>(p.rights());
      channels = new ArrayList<>(p.channels());
      laws = new ArrayList<>(p.laws());
      responseTimes = p.responseTimes();
      cookieCategories = new ArrayList<>(p.cookieCategories());
      cookies = new ArrayList<>(p.cookies());
      processors = new ArrayList<>(p.processors());
      regions = new ArrayList<>(p.regions());
      transfers = new ArrayList<>(p.transfers());
      children = p.children();
      breach = p.breach();
      changeNotice = p.changeNotice();
      security = new ArrayList<>(p.security());
    }

    /** Replaces the category with this id. */
    Draft category(String id, UnaryOperator<DataCategory> change) {
      categories.replaceAll(c -> c.id().equals(id) ? change.apply(c) : c);
      return this;
    }

    Policy build() {
      return new Policy(
          languageVersion,
          property,
          controller,
          contacts,
          effective,
          lastReviewed,
          changes,
          summary,
          sellsData,
          sharing,
          disclosures,
          purposes,
          categories,
          rights,
          channels,
          laws,
          responseTimes,
          cookieCategories,
          cookies,
          processors,
          regions,
          transfers,
          children,
          breach,
          changeNotice,
          security);
    }
  }

  // ---- reading rendered HTML back, for assertions ----

  private static final Pattern TABLE =
      Pattern.compile("<table>\\s*<caption>(.*?)</caption>(.*?)</table>", Pattern.DOTALL);
  private static final Pattern ROW = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL);
  private static final Pattern CELL =
      Pattern.compile("<t([hd])(?: [^>]*)?>(.*?)</t\\1>", Pattern.DOTALL);

  /** The rows (header row first) of the HTML table whose caption starts with the given words. */
  static List<List<String>> tableRows(String html, String captionStart) {
    Matcher table = TABLE.matcher(html);
    while (table.find()) {
      if (text(table.group(1)).startsWith(captionStart)) {
        List<List<String>> rows = new ArrayList<>();
        Matcher row = ROW.matcher(table.group(2));
        while (row.find()) {
          List<String> cells = new ArrayList<>();
          Matcher cell = CELL.matcher(row.group(1));
          while (cell.find()) {
            cells.add(text(cell.group(2)));
          }
          rows.add(cells);
        }
        return rows;
      }
    }
    throw new AssertionError("no table captioned '" + captionStart + "...' in:\n" + html);
  }

  /** The text a reader sees: tags removed, entities decoded. */
  static String text(String html) {
    return html.replaceAll("<[^>]+>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
