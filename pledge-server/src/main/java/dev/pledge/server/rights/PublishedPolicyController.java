package dev.pledge.server.rights;

import dev.pledge.policy.PolicyRenderer;
import dev.pledge.server.policy.CurrentProperty;
import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * Publishes each property's policy at {@code /privacy}, generated from the same file the engine
 * enforces, so the published words and the behaviour cannot drift apart.
 */
@Controller
class PublishedPolicyController {

  private static final MediaType HTML = new MediaType("text", "html", StandardCharsets.UTF_8);
  private static final MediaType MARKDOWN =
      new MediaType("text", "markdown", StandardCharsets.UTF_8);
  private static final MediaType CSS = new MediaType("text", "css", StandardCharsets.UTF_8);
  private static final String STYLESHEET_TAG =
      Integer.toHexString(PolicyRenderer.htmlStylesheet().hashCode());

  @GetMapping("/privacy")
  ResponseEntity<String> html(HttpServletRequest request) {
    return respond(request, PolicyRenderer.Format.HTML, HTML);
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
    ServedProperty property =
        CurrentProperty.of(request)
            .orElseThrow(
                () ->
                    new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "This address serves no property. Use /p/{property-id}/privacy or a domain"
                            + " from the property's policy."));
    return ResponseEntity.ok()
        .contentType(type)
        .cacheControl(CacheControl.noCache())
        // The HTML links its stylesheet (it used to inline it): a tag of its own, so a browser
        // holding the old page with its inline style fetches the new one.
        .eTag(format == PolicyRenderer.Format.HTML ? property.sha256() + "-l" : property.sha256())
        .body(
            format == PolicyRenderer.Format.HTML
                ? withRequestLink(
                    request,
                    property,
                    PolicyRenderer.htmlDocument(
                        property.policy(), request.getContextPath() + "/privacy.css"))
                : PolicyRenderer.render(property.policy(), format));
  }

  /**
   * The HTML policy ends with a link to the privacy center, where its rights are exercised (B-29),
   * when the policy declares the form channel the center serves.
   */
  private static String withRequestLink(
      HttpServletRequest request, ServedProperty property, String body) {
    // Channel paths in the policy are site-absolute ("/privacy/requests"); under the /p/{id}
    // prefix they must carry it, or the policy's own links would lead nowhere.
    String prefix = request.getContextPath();
    if (!prefix.isEmpty()) {
      for (var channel : property.policy().channels()) {
        if (channel.path() != null && channel.path().startsWith("/")) {
          body =
              body.replace(
                  "href=\"" + channel.path() + "\"", "href=\"" + prefix + channel.path() + "\"");
        }
      }
    }
    // The server's icon, so a browser does not ask for /favicon.ico, which no property serves.
    body =
        body.replaceFirst(
            "</head>",
            java.util.regex.Matcher.quoteReplacement(
                "<link rel=\"icon\" type=\"image/svg+xml\" href=\""
                    + prefix
                    + "/site/favicon.svg\">\n</head>"));
    int end = body.lastIndexOf("</main>");
    if (end < 0 || RequestForm.channelId(property.policy()) == null) {
      return body;
    }
    String link =
        "<p class=\"privacy-requests\"><a href=\""
            + request.getContextPath()
            + "/privacy/requests\">Make a privacy request</a>: see, correct or delete your data,"
            + " or object to a use of it.</p>\n";
    return body.substring(0, end) + link + body.substring(end);
  }
}
