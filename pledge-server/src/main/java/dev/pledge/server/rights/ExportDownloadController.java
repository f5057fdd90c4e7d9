package dev.pledge.server.rights;

import dev.pledge.server.policy.ServedProperty;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The requester's download of an access or portability export (A-15, B-27): public, stateless, no
 * cookies. The link carries its token in the fragment ({@code /privacy/requests/export#t=…}), read
 * into the form by the page's script or typed from the e-mail, as on the {@linkplain
 * VerificationController confirmation page}; older {@code ?token=} links only fill the form.
 * Opening the link shows a download button; only its POST uses the link up, because mail scanners
 * and link previews fetch links with GET and would otherwise spend the single download. The link
 * works once, only before it expires and only under its request's property; a used, expired or
 * unknown token gets one neutral page. The file is deleted once sent.
 */
@Controller
class ExportDownloadController {

  static final String PATH = "/privacy/requests/export";

  private final RequestExports exports;

  ExportDownloadController(RequestExports exports) {
    this.exports = exports;
  }

  @GetMapping(PATH)
  String offer(
      @RequestParam(name = "token", required = false) String token,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    ServedProperty property = PublicPages.open(request, response, model);
    model.addAttribute("token", token == null ? "" : token);
    return "privacy/export";
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
    Optional<Path> file = exports.consume(property.id().value(), token);
    if (file.isEmpty()) {
      return "privacy/export-unavailable";
    }
    try {
      response.setContentType("application/zip");
      response.setHeader(
          "Content-Disposition",
          "attachment; filename=\"" + property.id().value() + "-your-data.zip\"");
      response.setContentLengthLong(Files.size(file.get()));
      try (OutputStream out = response.getOutputStream()) {
        Files.copy(file.get(), out);
        // Deleted before the stream closes and its last bytes leave: whoever holds the whole ZIP
        // can count on the server's copy being gone.
        exports.delete(file.get());
      }
    } finally {
      exports.delete(file.get());
    }
    return null;
  }
}
