package dev.pledge.server;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.ModelAndView;

/**
 * The server's error answers. A browser gets the error page (the {@code error} template, under the
 * public content-security policy); any other client gets JSON in the one shape every Pledge API
 * uses for what went wrong — {@code {"errors": {field: message}}}, as for a 400 — whatever the
 * status: 404, 405, 413, 429, 500. The messages are fixed: nothing from the request (its path, its
 * body) is echoed back. A request that failed because the database could not be reached is a 503
 * with {@code Retry-After}, not a 500: nothing is wrong with the request, and it may be sent again
 * (issue 18: bench/faults/db-down.sh found every page a 500 while PostgreSQL was down).
 */
@Controller
@RequestMapping("${server.error.path:${error.path:/error}}")
class ErrorResponses extends BasicErrorController {

  /** How long a client is asked to wait while the database cannot be reached. */
  static final String DATABASE_RETRY_AFTER = "30";

  private final ErrorAttributes errorAttributes;

  ErrorResponses(
      ErrorAttributes errorAttributes,
      ServerProperties server,
      ObjectProvider<ErrorViewResolver> resolvers) {
    super(errorAttributes, server.getError(), resolvers.orderedStream().toList());
    this.errorAttributes = errorAttributes;
  }

  @Override
  @RequestMapping
  public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
    HttpStatus status = getStatus(request);
    if (status == HttpStatus.NO_CONTENT) {
      return new ResponseEntity<>(status);
    }
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status);
    if (databaseUnreachable(request)) {
      answer.header(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER);
    }
    return answer.body(body(status));
  }

  @Override
  @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
  public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
    if (databaseUnreachable(request)) {
      response.setHeader(HttpHeaders.RETRY_AFTER, DATABASE_RETRY_AFTER);
    }
    return super.errorHtml(request, response);
  }

  @Override
  protected HttpStatus getStatus(HttpServletRequest request) {
    return databaseUnreachable(request) ? HttpStatus.SERVICE_UNAVAILABLE : super.getStatus(request);
  }

  private boolean databaseUnreachable(HttpServletRequest request) {
    Throwable error = errorAttributes.getError(new ServletWebRequest(request));
    if (error == null
        && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
      error = t;
    }
    return databaseUnreachable(error);
  }

  /** Whether a failure (or its cause) is the database being out of reach, not a fault of ours. */
  static boolean databaseUnreachable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof CannotGetJdbcConnectionException
          || t instanceof SQLTransientConnectionException
          || (t instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08"))) {
        return true;
      }
    }
    return false;
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
      case SERVICE_UNAVAILABLE ->
          errors.put(
              "server",
              "The service is unavailable for a moment; try again after the time in Retry-After.");
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
