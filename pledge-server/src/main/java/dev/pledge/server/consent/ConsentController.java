package dev.pledge.server.consent;

import dev.pledge.policy.Cookie;
import dev.pledge.policy.CookieCategory;
import dev.pledge.policy.PolicyDuration;
import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

/**
 * The banner's two endpoints and the receipts page. {@code GET /consent/config} gives the banner
 * the policy's categories and cookies in the page's language, the consent revision, and whether the
 * request carried Global Privacy Control; {@code POST /consent} records a choice and answers with
 * its receipt; {@code /account/consent} lists a signed-in person's receipts.
 */
@StudioController
class ConsentController {

  static final String RECORD = "/consent";
  static final String CONFIG = "/consent/config";
  static final String RECEIPTS = "/account/consent";

  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private final ConsentReceipts receipts;
  private final CurrentAccount current;
  private final MessageSource messages;

  ConsentController(ConsentReceipts receipts, CurrentAccount current, MessageSource messages) {
    this.receipts = receipts;
    this.current = current;
    this.messages = messages;
  }

  @GetMapping(CONFIG)
  ResponseEntity<Map<String, Object>> config(HttpServletRequest request, Locale locale) {
    CookieInventory inventory = receipts.inventory();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("revision", inventory.revision());
    out.put("language", locale.getLanguage());
    out.put("gpc", GpcSignal.isSet(request));
    Map<String, Object> cookie = new LinkedHashMap<>();
    cookie.put("name", ConsentCookie.NAME);
    cookie.put(
        "days",
        inventory
            .cookie(ConsentCookie.NAME)
            .map(Cookie::lifetime)
            .map(d -> d.approximate().toDays())
            .orElse(182L));
    String path = request.getContextPath();
    cookie.put("path", path.isEmpty() ? "/" : path);
    out.put("cookie", cookie);
    List<Map<String, Object>> categories = new ArrayList<>();
    for (CookieCategory c : inventory.categories()) {
      Map<String, Object> cat = new LinkedHashMap<>();
      cat.put("id", c.id());
      cat.put("title", text("consent.category." + c.id() + ".title", c.title(), locale));
      cat.put(
          "description",
          text("consent.category." + c.id() + ".description", c.description(), locale));
      cat.put("required", !c.consentRequired());
      List<Map<String, Object>> cookies = new ArrayList<>();
      for (Cookie k : inventory.cookies()) {
        if (k.category().equals(c.id())) {
          cookies.add(
              Map.of(
                  "name",
                  k.name(),
                  "purpose",
                  k.purpose() == null ? "" : k.purpose(),
                  "lifetime",
                  lifetime(k.lifetime(), locale),
                  "party",
                  text(
                      k.firstParty() ? "consent.party.first" : "consent.party.third",
                      k.firstParty() ? "First party" : "Third party",
                      locale)));
        }
      }
      cat.put("cookies", cookies);
      categories.add(cat);
    }
    out.put("categories", categories);
    Map<String, String> words = new LinkedHashMap<>();
    for (String key :
        List.of(
            "title",
            "description",
            "accept-all",
            "reject-all",
            "settings",
            "save",
            "close",
            "preferences-title",
            "preferences-intro",
            "gpc",
            "cookie",
            "purpose",
            "lifetime",
            "party",
            "policy",
            "recorded")) {
      words.put(key, messages.getMessage("consent.banner." + key, null, key, locale));
    }
    out.put("text", words);
    return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(out);
  }

  /** What the banner posts. */
  record Choice(String consentId, List<String> accepted, String source) {}

  @PostMapping(RECORD)
  ResponseEntity<Map<String, Object>> record(
      @RequestBody(required = false) Choice choice, HttpServletRequest request) {
    if (!SameOriginPost.allows(request)) {
      return problem(
          HttpStatus.FORBIDDEN,
          "a consent choice is recorded only from the studio's own pages (Sec-Fetch-Site or"
              + " Origin of this host)");
    }
    if (choice == null || choice.accepted() == null) {
      return problem(
          HttpStatus.BAD_REQUEST,
          "body: send JSON {\"consentId\": \"<uuid>\", \"accepted\": [categories], \"source\":"
              + " \"banner\"|\"settings\"}");
    }
    ConsentReceipt.Source source;
    if ("banner".equals(choice.source())) {
      source = ConsentReceipt.Source.BANNER;
    } else if ("settings".equals(choice.source())) {
      source = ConsentReceipt.Source.SETTINGS;
    } else {
      return problem(HttpStatus.BAD_REQUEST, "source: use \"banner\" or \"settings\"");
    }
    if (choice.consentId() != null && !ConsentCookie.validId(choice.consentId())) {
      return problem(
          HttpStatus.BAD_REQUEST,
          "consentId: the random id of cc_cookie (a UUID), or leave it out");
    }
    Set<String> accepted = new LinkedHashSet<>(choice.accepted());
    try {
      ConsentReceipt r =
          receipts.record(
              current.id().orElse(null),
              choice.consentId(),
              accepted,
              source,
              GpcSignal.isSet(request));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("receipt", r.id());
      out.put("granted", r.granted());
      out.put("refused", r.refused());
      out.put("gpc", r.gpc());
      out.put("revision", r.revision());
      out.put("recordedAt", r.recordedAt().toString());
      return ResponseEntity.status(HttpStatus.CREATED)
          .cacheControl(CacheControl.noStore())
          .body(out);
    } catch (ConsentReceipts.UnknownCategory e) {
      return problem(HttpStatus.BAD_REQUEST, "accepted: " + e.getMessage());
    }
  }

  /** A receipt as the page lists it. */
  record Row(
      String id,
      String when,
      String source,
      String granted,
      String refused,
      boolean gpc,
      String policy,
      boolean thisAccount) {}

  @GetMapping(RECEIPTS)
  String page(HttpServletRequest request, Model model, Locale locale) {
    String me = current.requireId();
    String device = ConsentCookie.of(request).map(ConsentCookie::consentId).orElse(null);
    List<Row> rows = new ArrayList<>();
    for (ConsentReceipt r : receipts.of(me, device)) {
      rows.add(
          new Row(
              r.id(),
              WHEN.format(r.recordedAt()),
              text("consent.source." + r.source().key(), r.source().key(), locale),
              String.join(", ", r.granted()),
              r.refused().isEmpty() ? "—" : String.join(", ", r.refused()),
              r.gpc(),
              r.policySha256().substring(0, 12) + " · " + r.revision(),
              me.equals(r.accountId())));
    }
    model.addAttribute("receipts", rows);
    model.addAttribute("revision", receipts.inventory().revision());
    return "consent/receipts";
  }

  private String lifetime(PolicyDuration d, Locale locale) {
    if (d == null) {
      return text("consent.lifetime.session", "Until you close the browser", locale);
    }
    long days = d.approximate().toDays();
    return messages.getMessage(
        "consent.lifetime.days", new Object[] {days}, days + " days", locale);
  }

  private String text(String key, String fallback, Locale locale) {
    return messages.getMessage(key, null, fallback, locale);
  }

  private static ResponseEntity<Map<String, Object>> problem(HttpStatus status, String detail) {
    return ResponseEntity.status(status).body(Map.of("error", detail));
  }
}
