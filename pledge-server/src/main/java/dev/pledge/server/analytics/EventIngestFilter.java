package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /api/event} inside Tomcat, first of all filters: what answers events when the {@link
 * FrontDoor} is off (or a client reaches Tomcat's loopback port directly). It bypasses Spring
 * Security, the property routing and Spring MVC, whose work per request cost more than the event
 * itself, and completes the request when its batch commits without dispatching it again through the
 * filter chain. (That re-dispatch, under {@code /p/{id}/}, also logged two stack traces per event:
 * Tomcat refused the prefixed context path the routing filter presents.)
 */
final class EventIngestFilter implements Filter {

  private final EventIngest ingest;
  private final PolicyCatalog catalog;

  EventIngestFilter(EventIngest ingest, PolicyCatalog catalog) {
    this.ingest = ingest;
    this.catalog = catalog;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    if (!FrontDoor.isEventPath(request.getRequestURI(), catalog)) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) res;
    String method = request.getMethod();
    if (!"POST".equals(method)) {
      int status = "OPTIONS".equals(method) ? 204 : 405;
      write(response, new IngestResponses.Answer(status, Map.of("Allow", "POST"), "", false));
      return;
    }
    byte[] buffer = new byte[EventBodyParser.MAX_BYTES + 1];
    int length = readUpTo(request.getInputStream(), buffer);
    IngestOutcome outcome =
        ingest.ingest(
            buffer,
            length,
            request.getRemoteAddr(),
            request.getHeader("X-Forwarded-For"),
            request.getHeader("Forwarded"),
            request.getHeader("User-Agent"),
            EventIngest.optOutSignal(request.getHeader("Sec-GPC"), request.getHeader("DNT")));
    IngestResponses.Answer answer = IngestResponses.immediate(outcome);
    if (answer != null) {
      write(response, answer);
      return;
    }
    AsyncContext async = request.startAsync();
    async.setTimeout(NettyAnswers.STORE_TIMEOUT_MS);
    AtomicBoolean answered = new AtomicBoolean();
    async.addListener(
        new AsyncListener() {
          @Override
          public void onTimeout(AsyncEvent event) {
            // The commit takes too long (the database went away): 503, retry, as on Netty.
            answer(async, answered, false);
          }

          @Override
          public void onComplete(AsyncEvent event) {}

          @Override
          public void onError(AsyncEvent event) {}

          @Override
          public void onStartAsync(AsyncEvent event) {}
        });
    ((IngestOutcome.Accepted) outcome)
        .stored()
        .whenComplete((ok, error) -> answer(async, answered, error == null));
  }

  /** Answers once: whichever of the commit and the timeout comes first. */
  private static void answer(AsyncContext async, AtomicBoolean answered, boolean stored) {
    if (!answered.compareAndSet(false, true)) {
      return;
    }
    try {
      write((HttpServletResponse) async.getResponse(), IngestResponses.afterWrite(stored));
    } catch (IOException | IllegalStateException e) {
      // The client went away: nothing left to answer.
    } finally {
      try {
        async.complete();
      } catch (IllegalStateException e) {
        // already completed
      }
    }
  }

  private static void write(HttpServletResponse response, IngestResponses.Answer answer)
      throws IOException {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    response.setStatus(answer.status());
    response.setContentType(answer.json() ? "application/json" : "text/plain;charset=UTF-8");
    response.setContentLength(bytes.length);
    NettyAnswers.MAIN_PORT_HEADERS.forEach(response::setHeader);
    answer.headers().forEach(response::setHeader);
    response.getOutputStream().write(bytes);
  }

  private static int readUpTo(InputStream in, byte[] buffer) throws IOException {
    int total = 0;
    int n;
    while (total < buffer.length && (n = in.read(buffer, total, buffer.length - total)) > 0) {
      total += n;
    }
    return total;
  }
}
