package dev.pledge.server.rights;

import dev.pledge.policy.PolicyRenderer;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * Publishes each property's policy at {@code /privacy}, generated from the same file the engine
 * enforces, so the published words and the behaviour cannot drift apart: as a page of the
 * property's site, and as Markdown and JSON.
 */
@Controller
class PublishedPolicyController {

  private static final MediaType MARKDOWN =
      new MediaType("text", "markdown", StandardCharsets.UTF_8);
  private static final MediaType CSS = new MediaType("text", "css", StandardCharsets.UTF_8);
  private static final String STYLESHEET_TAG =
      Integer.toHexString(PolicyRenderer.htmlStylesheet().hashCode());

  /** A policy with at least this many sections gets a table of contents beside it. */
  static final int CONTENTS_FROM = 4;

  /**
   * The policy as a page of its site: the site's header and navigation around it (the privacy
   * frame), a table of contents beside a long one, the way to the privacy center at its end.
   */
  @GetMapping("/privacy")
  String html(HttpServletRequest request, HttpServletResponse response, Model model) {
    ServedProperty property = property(request);
    response.setHeader("Cache-Control", "no-cache");
    List<PolicyRenderer.Heading> contents = PolicyRenderer.contents(property.policy());
    model.addAttribute("property", property);
    model.addAttribute("policyPage", true);
    model.addAttribute("policyTitle", "Privacy policy");
    model.addAttribute("contents", contents.size() >= CONTENTS_FROM ? contents : List.of());
    model.addAttribute(
        "policyBody", withPrefix(request, property, PolicyRenderer.htmlBody(property.policy())));
    model.addAttribute("requestLink", RequestForm.channelId(property.policy()) != null);
    return "privacy/policy";
  }

  @GetMapping("/privacy.md")
  ResponseEntity<String> markdown(HttpServletRequest request) {
    return respond(request, PolicyRenderer.Format.MARKDOWN, MARKDOWN);
  }

  @GetMapping("/privacy.json")
  ResponseEntity<String> json(HttpServletRequest request) {
    return respond(request, PolicyRenderer.Format.JSON, MediaType.APPLICATION_JSON);
  }

  /**
   * The HTML policy's stylesheet, linked rather than inlined: every page's content-security policy
   * refuses inline styles.
   */
  @GetMapping("/privacy.css")
  ResponseEntity<String> stylesheet() {
    return ResponseEntity.ok()
        .contentType(CSS)
        .cacheControl(CacheControl.noCache())
        .eTag(STYLESHEET_TAG)
        .body(PolicyRenderer.htmlStylesheet());
  }

  private static ResponseEntity<String> respond(
      HttpServletRequest request, PolicyRenderer.Format format, MediaType type) {
    ServedProperty property = property(request);
    return ResponseEntity.ok()
        .contentType(type)
        .cacheControl(CacheControl.noCache())
        .eTag(property.sha256())
        .body(PolicyRenderer.render(property.policy(), format));
  }

  private static ServedProperty property(HttpServletRequest request) {
    return CurrentProperty.of(request)
        .orElseThrow(
            () ->
                new ResponseStatusException(
                    HttpStatus.NOT_FOUND,
                    "This address serves no property. Use /p/{property-id}/privacy or a domain"
                        + " from the property's policy."));
  }

  /**
   * Channel paths in the policy are site-absolute ("/privacy/requests"); under the /p/{id} prefix
   * they must carry it, or the policy's own links would lead nowhere.
   */
  private static String withPrefix(
      HttpServletRequest request, ServedProperty property, String body) {
    String prefix = request.getContextPath();
    if (!prefix.isEmpty()) {
      for (var channel : property.policy().channels()) {
        body = prefixed(body, prefix, channel.path());
      }
      // The breach section's public security page is one of the property's own paths too.
      var breach = property.policy().breach();
      if (breach != null) {
        body = prefixed(body, prefix, breach.publicPage());
      }
    }
    return body;
  }

  private static String prefixed(String body, String prefix, String path) {
    if (path == null || !path.startsWith("/")) {
      return body;
    }
    return body.replace("href=\"" + path + "\"", "href=\"" + prefix + path + "\"");
  }
}
