package dev.pledge.server.billing;

import dev.pledge.server.studio.StudioLanguage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The stand-in's own pages under {@code /demo-pay} (demo and tests only): a checkout page that says
 * plainly it is a stand-in and asks for no card, and a list of the payments it took with a refund
 * button, as a processor's dashboard has. Outside the studio on purpose — it plays another
 * company's site — so its pages are rendered in the language the checkout asked for ({@code
 * locale}, as Stripe Checkout takes one).
 */
@Controller
@Conditional(PaymentMode.StandIn.class)
class StandInController {

  private final StandInProcessor standIn;
  private final TemplateEngine templates;

  StandInController(StandInProcessor standIn, TemplateEngine templates) {
    this.standIn = standIn;
    this.templates = templates;
  }

  @GetMapping(StandInProcessor.PATH + "/checkout/{session}")
  ResponseEntity<String> checkout(
      @PathVariable String session, @RequestParam(required = false) String locale) {
    return checkoutPage(session, locale, false);
  }

  private ResponseEntity<String> checkoutPage(String session, String locale, boolean problem) {
    var s = standIn.session(session);
    if (s.isEmpty()) {
      return page(HttpStatus.NOT_FOUND, "studio/demo-pay-missing", locale, Map.of());
    }
    var r = s.get().request();
    Map<String, Object> model = new HashMap<>();
    model.put("checkout", s.get());
    model.put("item", r.subscription() ? r.plan().name() : null);
    model.put("credits", r.subscription() ? null : r.pack().credits());
    model.put("amount", Money.format(r.amountCents(), r.currency(), language(locale).locale()));
    model.put("email", r.accountEmail());
    model.put("payAction", StandInProcessor.PATH + "/checkout/" + session + "/pay");
    model.put("cancelAction", StandInProcessor.PATH + "/checkout/" + session + "/cancel");
    model.put("locale", language(locale).tag());
    model.put("problem", problem);
    return page(
        problem ? HttpStatus.BAD_REQUEST : HttpStatus.OK,
        "studio/demo-pay-checkout",
        locale,
        model);
  }

  @PostMapping(StandInProcessor.PATH + "/checkout/{session}/pay")
  ResponseEntity<String> pay(
      @PathVariable String session,
      @RequestParam(defaultValue = "") String name,
      @RequestParam(defaultValue = "") String line1,
      @RequestParam(name = "postal-code", defaultValue = "") String postalCode,
      @RequestParam(defaultValue = "") String city,
      @RequestParam(defaultValue = "") String country,
      @RequestParam(name = "tax-id", defaultValue = "") String taxId,
      @RequestParam(required = false) String locale) {
    if (standIn.session(session).isEmpty()) {
      return page(HttpStatus.NOT_FOUND, "studio/demo-pay-missing", locale, Map.of());
    }
    String c = country.strip().toUpperCase(Locale.ROOT);
    if (name.isBlank() || name.length() > 200 || !c.matches("[A-Z]{2}")) {
      return checkoutPage(session, locale, true); // the page says what is missing; nothing sent
    }
    String back =
        standIn.pay(
            session,
            new StandInProcessor.BillingDetails(
                name.strip(), cut(line1), cut(postalCode), cut(city), c, cut(taxId)));
    return redirect(back);
  }

  @PostMapping(StandInProcessor.PATH + "/checkout/{session}/cancel")
  ResponseEntity<String> cancel(
      @PathVariable String session, @RequestParam(required = false) String locale) {
    if (standIn.session(session).isEmpty()) {
      return page(HttpStatus.NOT_FOUND, "studio/demo-pay-missing", locale, Map.of());
    }
    return redirect(standIn.cancel(session));
  }

  @GetMapping(StandInProcessor.PATH)
  ResponseEntity<String> payments(@RequestParam(required = false) String locale) {
    Locale l = language(locale).locale();
    Map<String, Object> model = new HashMap<>();
    model.put(
        "payments",
        standIn.payments().stream()
            .map(
                p ->
                    Map.of(
                        "payment",
                        p,
                        "amount",
                        Money.format(p.amountCents(), p.currency(), l),
                        "refundAction",
                        StandInProcessor.PATH + "/payments/" + p.charge() + "/refund"))
            .toList());
    model.put("locale", language(locale).tag());
    return page(HttpStatus.OK, "studio/demo-pay", locale, model);
  }

  @PostMapping(StandInProcessor.PATH + "/payments/{charge}/refund")
  ResponseEntity<String> refund(
      @PathVariable String charge, @RequestParam(required = false) String locale) {
    try {
      standIn.refund(charge);
    } catch (IllegalArgumentException unknown) {
      // A made-up or stale charge id: the missing page, not a 500 (AuthorisationMatrixTest).
      return page(HttpStatus.NOT_FOUND, "studio/demo-pay-missing", locale, Map.of());
    }
    return redirect(StandInProcessor.PATH + "?locale=" + language(locale).tag());
  }

  @GetMapping(StandInProcessor.PATH + "/stand-in.css")
  ResponseEntity<byte[]> css() throws IOException {
    try (InputStream in = new ClassPathResource("billing/stand-in.css").getInputStream()) {
      return ResponseEntity.ok()
          .contentType(MediaType.valueOf("text/css"))
          .cacheControl(CacheControl.noCache())
          .body(in.readAllBytes());
    }
  }

  private ResponseEntity<String> page(
      HttpStatus status, String template, String locale, Map<String, Object> model) {
    StudioLanguage language = language(locale);
    Context context = new Context(language.locale(), model);
    context.setVariable("lang", language.tag());
    context.setVariable("css", StandInProcessor.PATH + "/stand-in.css");
    return ResponseEntity.status(status)
        .contentType(MediaType.TEXT_HTML)
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer") // like every page (AuthorisationMatrixTest)
        .header(
            "Content-Security-Policy",
            // The pay form returns the browser to the studio, on this same origin.
            "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none';"
                + " base-uri 'none'")
        .body(templates.process(template, context));
  }

  private static ResponseEntity<String> redirect(String to) {
    return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(to)).build();
  }

  private static StudioLanguage language(String tag) {
    return StudioLanguage.ofTag(tag == null ? "" : tag).orElse(StudioLanguage.ENGLISH);
  }

  private static String cut(String s) {
    String t = s.strip();
    return t.length() > 200 ? t.substring(0, 200) : t;
  }
}
