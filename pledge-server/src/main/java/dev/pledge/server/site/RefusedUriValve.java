package dev.pledge.server.site;

import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.tomcat.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Tomcat's last word on a response nobody else wrote — above all a request it refused before the
 * application ({@code %00}, {@code /%2e%2e/} above the root): instead of Tomcat's own page (inline
 * style, no security headers), the site's "not found" page or the server's error page with the
 * content-security policy. A refused path counts as not found: 404.
 */
final class RefusedUriValve extends ErrorReportValve {

  /** The last resort, when even the templates fail: no style, no script, nothing to load. */
  private static final String MINIMAL =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title>"
          + "</head><body><main><h1>Not found</h1><p>Nothing is served at this address.</p>"
          + "</main></body></html>";

  private static final Logger log = LoggerFactory.getLogger(RefusedUriValve.class);

  private final ObjectProvider<RefusedRequestPages> pages;

  RefusedUriValve(ObjectProvider<RefusedRequestPages> pages) {
    this.pages = pages;
    setShowReport(false);
    setShowServerInfo(false);
  }

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(false);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    // No context but a path: Tomcat refused the path before mapping it to the application, and a
    // path we refuse to interpret is one that does not exist. No path at all: the request line
    // itself could not be read (a raw backslash, say), and that stays a 400.
    int shown =
        request.getContext() == null && status == 400 && request.getRequestURI() != null
            ? 404
            : status;
    try {
      response.resetBuffer();
      response.setStatus(shown);
      pages.getObject().renderUnrouted(request, response, shown);
      response.finishResponse();
    } catch (Throwable t) {
      ExceptionUtils.handleThrowable(t);
      // The class only: a message could quote the refused path.
      log.warn("The page for a refused request could not be rendered ({})", t.getClass().getName());
      try {
        response.reset();
        response.setStatus(shown);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", SiteSecurityHeaders.CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(MINIMAL);
          response.finishResponse();
        }
      } catch (Throwable again) {
        ExceptionUtils.handleThrowable(again);
      }
    }
  }
}
