package dev.pledge.server.rights;

import dev.pledge.server.policy.ServedProperty;
import dev.pledge.server.shared.HumanFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The requester's download of an access or portability export (A-15, B-27): public, stateless, no
 * cookies. The link carries its token in the fragment ({@code /privacy/requests/export#t=…}), read
 * into the form by the page's script or typed from the e-mail, as on the {@linkplain
 * VerificationController confirmation page}; older {@code ?token=} links only fill the form.
 * Opening the link shows a download button; only its POST uses the link up, because mail scanners
 * and link previews fetch links with GET and would otherwise spend the single download. The link
 * works once, only before it expires and only under its request's property; a used, expired or
 * unknown token gets one neutral page. The file is decrypted with its person's keyset as it is
 * sent, and deleted once sent.
 */
@Controller
class ExportDownloadController {

  static final String PATH = "/privacy/requests/export";

  /** Where the page's script asks whether its link can still be used (the token in the body). */
  static final String STATE_PATH = PATH + "/state";

  private final RequestExports exports;
  private final RightsRequests requests;

  ExportDownloadController(RequestExports exports, RightsRequests requests) {
    this.exports = exports;
    this.requests = requests;
  }

  @GetMapping(PATH)
  String offer(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    ServedProperty property = PublicPages.open(request, response, model);
    // An older ?token= link names its token: a used or expired one says so at once.
    Optional<RequestExports.LinkState> state = exports.state(property.id().value(), token);
    if (state.isPresent() && state.get().kind() != RequestExports.LinkState.Kind.USABLE) {
      return unavailable(state, model);
    }
    model.addAttribute("token", token == null ? "" : token);
    return "privacy/export";
  }

  /**
   * Whether the link in the page's fragment can still be used, for the page's script to show a used
   * link as used instead of offering a download that cannot happen. The token travels in the POST
   * body, as for the download; the answer names no request and no person.
   */
  @PostMapping(path = STATE_PATH, produces = "application/json")
  @ResponseBody
  Map<String, String> state(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response) {
    ServedProperty property = PublicPages.property(request);
    PublicPages.headers(response);
    if (!SameOrigin.allows(request)) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return Map.of("state", "refused");
    }
    Optional<RequestExports.LinkState> state = exports.state(property.id().value(), token);
    if (state.isEmpty()) {
      return Map.of("state", "unknown", "message", UNKNOWN);
    }
    return switch (state.get().kind()) {
      case USABLE -> Map.of("state", "usable");
      case USED -> Map.of("state", "used", "message", used(state.get()));
      case EXPIRED -> Map.of("state", "expired", "message", expired(state.get()));
    };
  }

  static final String UNKNOWN =
      "This link is not valid: it may have been copied incompletely, or belong to another site.";

  private String used(RequestExports.LinkState s) {
    return "This link was used on "
        + HumanFormat.momentLong(s.at(), requests.zone())
        + ": the file was downloaded then, and deleted from our server once it was sent.";
  }

  private String expired(RequestExports.LinkState s) {
    return "This link expired on "
        + HumanFormat.momentLong(s.at(), requests.zone())
        + " without being used, and the file was deleted.";
  }

  /** The page for a link that cannot be used, saying why when the link is one of ours. */
  private String unavailable(Optional<RequestExports.LinkState> state, Model model) {
    state.ifPresent(
        s ->
            model.addAttribute(
                "why", s.kind() == RequestExports.LinkState.Kind.USED ? used(s) : expired(s)));
    return "privacy/export-unavailable";
  }

  @PostMapping(PATH)
  String download(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model)
      throws IOException {
    ServedProperty property = PublicPages.open(request, response, model);
    if (!SameOrigin.allows(request)) {
      return PublicPages.crossOrigin(response);
    }
    Optional<RequestExports.Download> download = exports.consume(property.id().value(), token);
    if (download.isEmpty()) {
      return unavailable(exports.state(property.id().value(), token), model);
    }
    RequestExports.Download export = download.get();
    try {
      InputStream zip;
      try {
        zip = exports.open(download.get());
      } catch (IOException e) {
        // The person was erased meanwhile (their keyset destroyed): nothing to give, nothing kept.
        return unavailable(exports.state(property.id().value(), token), model);
      }
      response.setContentType("application/zip");
      response.setHeader(
          "Content-Disposition",
          "attachment; filename=\"" + property.id().value() + "-your-data.zip\"");
      try (zip;
          OutputStream out = response.getOutputStream()) {
        zip.transferTo(out);
        // Deleted before the stream closes and its last bytes leave: whoever holds the whole ZIP
        // can count on the server's copy being gone.
        exports.delete(export);
      }
    } finally {
      exports.delete(export);
    }
    return null;
  }
}
