package dev.pledge.server.devapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** Every error of the API's controllers as problem details ({@code application/problem+json}). */
@ControllerAdvice(assignableTypes = ApiEndpoint.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

  private final ObjectMapper json;

  ApiErrors(ObjectMapper json) {
    this.json = json;
  }

  @ExceptionHandler(ApiProblem.class)
  void problem(ApiProblem p, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(json, p, request, response);
  }

  @ExceptionHandler({
    HttpMessageNotReadableException.class,
    MissingServletRequestParameterException.class,
    MissingServletRequestPartException.class,
    MissingRequestHeaderException.class,
    MethodArgumentTypeMismatchException.class,
    MultipartException.class
  })
  void unreadable(Exception e, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String detail;
    if (e instanceof MissingServletRequestPartException m) {
      detail = "The multipart part '" + m.getRequestPartName() + "' is missing.";
    } else if (e instanceof MissingServletRequestParameterException m) {
      detail = "The parameter '" + m.getParameterName() + "' is missing.";
    } else if (e instanceof MissingRequestHeaderException m) {
      detail = "The header '" + m.getHeaderName() + "' is missing.";
    } else if (e instanceof MethodArgumentTypeMismatchException m) {
      detail = "The value of '" + m.getName() + "' is not valid.";
    } else if (e instanceof MultipartException) {
      detail = "The body is not a valid multipart/form-data request.";
    } else {
      detail = "The body is not valid JSON of the documented shape.";
    }
    write(json, ApiProblem.badRequest("invalid-request", detail), request, response);
  }

  @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
  void mediaType(Exception e, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(
        json,
        new ApiProblem(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            "Send the documented Content-Type (application/json, or multipart/form-data for"
                + " uploads)."),
        request,
        response);
  }

  /**
   * An {@code Accept} the API cannot answer (it speaks JSON only): a 406 that says so, in JSON
   * anyway, rather than the "Internal error" every other unexpected failure gets.
   */
  @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
  void notAcceptable(Exception e, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(
        json,
        new ApiProblem(
            406,
            "not-acceptable",
            "Not acceptable",
            "This API answers in JSON only (application/json, and application/problem+json for"
                + " errors; images as their own type); send Accept: application/json, or no"
                + " Accept header."),
        request,
        response);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  void method(
      HttpRequestMethodNotSupportedException e,
      HttpServletRequest request,
      HttpServletResponse response)
      throws IOException {
    write(
        json,
        new ApiProblem(
            405,
            "method-not-allowed",
            "Method not allowed",
            request.getMethod() + " is not allowed here; see the API reference."),
        request,
        response);
  }

  @ExceptionHandler(Exception.class)
  void unexpected(Exception e, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (storageFull(e)) {
      // Nothing wrong with the request, and nothing of ours broken: the disk is full (issue 18,
      // bench/faults/disk-full.sh got "Internal error" for every upload).
      log.warn("API request failed: the storage is full (No space left on device)");
      write(
          json,
          new ApiProblem(
                  507,
                  "storage-full",
                  "Storage full",
                  "The server's storage is full; try again later.")
              .retryAfter(STORAGE_RETRY_AFTER_SECONDS),
          request,
          response);
      return;
    }
    // The class only: a message might carry what the request sent.
    log.warn("API request failed: {}", e.getClass().getName(), e);
    write(
        json,
        new ApiProblem(
            500,
            "internal",
            "Internal error",
            "Something went wrong on our side. Try again; if it persists, contact support."),
        request,
        response);
  }

  static final long STORAGE_RETRY_AFTER_SECONDS = 300;

  /** Whether a failure (or its cause) is a write refused because the disk is full (ENOSPC). */
  static boolean storageFull(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException
          && t.getMessage() != null
          && t.getMessage().contains("No space left on device")) {
        return true;
      }
    }
    return false;
  }

  static void write(
      ObjectMapper json, ApiProblem p, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setStatus(p.status);
    response.setContentType(PROBLEM.toString());
    if (p.retryAfterSeconds != null) {
      response.setHeader("Retry-After", Long.toString(p.retryAfterSeconds));
    }
    if (p.allow != null) {
      response.setHeader("Allow", p.allow);
    }
    if (p.status == 401) {
      response.setHeader("WWW-Authenticate", "Bearer realm=\"pledge\"");
    }
    Map<String, Object> body = p.body(null);
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }
}
