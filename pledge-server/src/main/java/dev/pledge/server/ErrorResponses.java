package dev.pledge.server;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The server's error answers. A browser gets the error page (the {@code error} template, under the
 * public content-security policy); any other client gets JSON in the one shape every Pledge API
 * uses for what went wrong — {@code {"errors": {field: message}}}, as for a 400 — whatever the
 * status: 404, 405, 413, 429, 500. The messages are fixed: nothing from the request (its path, its
 * body) is echoed back.
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ErrorResponses extends BasicErrorController {

  ErrorResponses(
      ErrorAttributes errorAttributes,
      ServerProperties server,
      ObjectProvider<ErrorViewResolver> resolvers) {
    super(errorAttributes, server.getError(), resolvers.orderedStream().toList());
  }

  @Override
  @RequestMapping
  public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    HttpStatus status = getStatus(request);
    if (status == HttpStatus.NO_CONTENT) {
      return new ResponseEntity<>(status);
    }
    return ResponseEntity.status(status).body(body(status));
  }

  /** The errors object for a status: which part of the request, and what to do. */
  static Map<String, Object> body(HttpStatus status) {
    Map<String, String> errors = new LinkedHashMap<>();
    switch (status) {
      case BAD_REQUEST -> errors.put("request", "The request is malformed; check its syntax.");
      case UNAUTHORIZED -> errors.put("session", "Sign in first.");
      case FORBIDDEN -> errors.put("request", "This request is not allowed.");
      case NOT_FOUND -> errors.put("path", "Nothing is served at this address.");
      case METHOD_NOT_ALLOWED ->
          errors.put("method", "This address does not take this method; see the Allow header.");
      case NOT_ACCEPTABLE -> errors.put("Accept", "No answer in a type the Accept header allows.");
      case PAYLOAD_TOO_LARGE -> errors.put("body", "The request body is too large; send less.");
      case UNSUPPORTED_MEDIA_TYPE ->
          errors.put("Content-Type", "This address does not take a body of this type.");
      case TOO_MANY_REQUESTS ->
          errors.put("request", "Too many requests; wait (see Retry-After) and try again.");
      default -> {
        if (status.is5xxServerError()) {
          errors.put("server", "The server could not complete the request; try again later.");
        } else {
          errors.put("request", status.getReasonPhrase() + ".");
        }
      }
    }
    return Map.of("errors", errors);
  }
}
