package dev.pledge.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The console API's answer when Spring MVC refuses a request before a controller sees it — a body
 * that is not JSON, the wrong Content-Type or method, an address no API answers — in the documented
 * {@code errors} shape instead of Spring's default body. Fixed sentences only: the parse error's
 * own message quotes what was sent, so it is neither returned nor logged.
 */
@Component
class ConsoleApiErrors implements HandlerExceptionResolver, Ordered {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE + 1; // after Spring Boot's, which only records the error
  }

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception e) {
    if (!ApiErrors.isApi(request) || response.isCommitted()) {
      return null;
    }
    try {
      if (e instanceof HttpMessageNotReadableException) {
        if (tooLarge(e)) {
          ApiErrors.write(response, 413, "body", ConsoleApiBodyLimit.TOO_LARGE);
        } else {
          ApiErrors.write(
              response,
              400,
              "body",
              "The body could not be read as JSON: send one JSON object, as documented for this"
                  + " address, with Content-Type: application/json.");
        }
      } else if (e instanceof HttpMediaTypeNotSupportedException) {
        ApiErrors.write(
            response,
            415,
            "Content-Type",
            "Send the body as JSON: Content-Type: application/json.");
      } else if (e instanceof HttpMediaTypeNotAcceptableException) {
        ApiErrors.write(response, 406, "Accept", "This address answers application/json only.");
      } else if (e instanceof HttpRequestMethodNotSupportedException m) {
        if (m.getSupportedHttpMethods() != null) {
          response.setHeader("Allow", String.join(", ", m.getSupportedMethods()));
        }
        ApiErrors.write(
            response,
            405,
            "method",
            "This address does not take this method; the Allow header lists those it takes.");
      } else if (e instanceof MissingServletRequestParameterException m) {
        ApiErrors.write(
            response, 400, safeName(m.getParameterName()), "This parameter is required.");
      } else if (e instanceof MethodArgumentTypeMismatchException m) {
        ApiErrors.write(
            response, 400, safeName(m.getName()), "This value has the wrong form; see the README.");
      } else if (e instanceof NoResourceFoundException) {
        ApiErrors.write(
            response, 404, "path", "No console API answers at this address; see the README.");
      } else {
        return null;
      }
    } catch (IOException io) {
      return null;
    }
    return new ModelAndView();
  }

  private static boolean tooLarge(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConsoleApiBodyLimit.BodyTooLarge) {
        return true;
      }
    }
    return false;
  }

  /** Parameter names are the API's own, but never trust one into a response unchecked. */
  private static String safeName(String name) {
    return name != null && name.matches("[A-Za-z][A-Za-z0-9_-]{0,40}") ? name : "parameter";
  }
}
