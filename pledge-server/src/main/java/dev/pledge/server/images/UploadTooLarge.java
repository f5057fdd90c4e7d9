package dev.pledge.server.images;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload larger than the server takes for any plan ({@code spring.servlet.multipart.*}) is
 * refused before a controller sees it, so no studio advice applies: instead of an empty 413, the
 * person goes back to the project, which says what is wrong. The bytes read so far were held in
 * memory only and are dropped.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadTooLarge {

  static final Pattern API = Pattern.compile("/api/v1/");

  static final Pattern UPLOAD = Pattern.compile("/images/projects/([0-9a-f-]{36})/upload$");

  @ExceptionHandler(MaxUploadSizeExceededException.class)
  Object tooLarge(HttpServletRequest request) {
    Matcher m = UPLOAD.matcher(request.getRequestURI());
    if (m.find()) {
      return "redirect:/images/projects/" + m.group(1) + "?too-large";
    }
    if (API.matcher(request.getRequestURI()).find()) {
      // The API's errors are problem details, this one too: it is refused before any handler is
      // known, so the API's own advice (for its controllers only) never sees it.
      return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
          .contentType(MediaType.APPLICATION_PROBLEM_JSON)
          .body(
              Map.of(
                  "type",
                  "urn:pledge:api:problem:too-large",
                  "title",
                  "Upload too large",
                  "status",
                  413,
                  "detail",
                  "The upload is larger than this server accepts for any plan. Send a smaller"
                      + " file (PNG, JPEG or WebP within your plan's size)."));
    }
    return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE)
        .contentType(MediaType.TEXT_PLAIN)
        .body("The upload is larger than this server accepts.\n");
  }
}
