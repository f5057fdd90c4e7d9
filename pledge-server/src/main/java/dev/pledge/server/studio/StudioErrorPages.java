package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The studio's error pages, in its layout and the reader's language: 404 for what does not exist or
 * is not theirs (one page for both), 400 for a malformed request, and a plain "something went
 * wrong" for the rest — never a stack trace, never the exception's text.
 */
@StudioController
@ControllerAdvice(annotations = StudioController.class)
@Order(Ordered.LOWEST_PRECEDENCE) // after every module's own, more specific exception handlers
class StudioErrorPages {

  private static final Logger log = LoggerFactory.getLogger(StudioErrorPages.class);

  private final StudioLayout layout;

  StudioErrorPages(@Lazy StudioLayout layout) {
    this.layout = layout;
  }

  private ModelAndView page(String view, HttpServletRequest request, HttpStatus status) {
    ModelAndView page = new ModelAndView(view, layout.model(request));
    page.setStatus(status);
    return page;
  }

  /** The handler of {@link StudioNotFoundMapping}. */
  @ResponseStatus(HttpStatus.NOT_FOUND)
  String notFoundPage() {
    return "studio/not-found";
  }

  @ExceptionHandler(StudioNotFound.class)
  ModelAndView notFound(HttpServletRequest request) {
    return page("studio/not-found", request, HttpStatus.NOT_FOUND);
  }

  @ExceptionHandler({
    MissingServletRequestParameterException.class,
    MethodArgumentTypeMismatchException.class,
    HttpRequestMethodNotSupportedException.class
  })
  ModelAndView badRequest(HttpServletRequest request) {
    return page("studio/bad-request", request, HttpStatus.BAD_REQUEST);
  }

  @ExceptionHandler(RuntimeException.class)
  ModelAndView failed(RuntimeException e, HttpServletRequest request) {
    // The class and where, never the message: a message may carry what a person typed (a
    // database's duplicate-key detail names the value).
    StackTraceElement[] at = e.getStackTrace();
    log.error(
        "Studio page failed: {} at {}",
        e.getClass().getName(),
        at.length == 0 ? "?" : at[0].toString());
    return page("studio/failed", request, HttpStatus.INTERNAL_SERVER_ERROR);
  }
}
