package dev.pledge.server.analytics;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * {@code POST /api/event} on the main port, for trackers on the property's own pages (same origin,
 * under any of the property's addresses). High-volume deployments can route the same path to the
 * lean listener ({@link IngestListener}); both share one {@link EventIngest}.
 */
@RestController
class EventController {

  private final EventIngest ingest;

  EventController(EventIngest ingest) {
    this.ingest = ingest;
  }

  @PostMapping(path = "/api/event")
  DeferredResult<ResponseEntity<String>> event(HttpServletRequest request) throws IOException {
    DeferredResult<ResponseEntity<String>> result = new DeferredResult<>(10_000L);
    byte[] buffer = new byte[EventBodyParser.MAX_BYTES + 1];
    int length = readUpTo(request.getInputStream(), buffer);
    IngestOutcome outcome =
        ingest.ingest(
            buffer,
            length,
            request.getRemoteAddr(),
            request.getHeader("X-Forwarded-For"),
            request.getHeader("Forwarded"),
            request.getHeader(HttpHeaders.USER_AGENT),
            EventIngest.optOutSignal(request.getHeader("Sec-GPC"), request.getHeader("DNT")));
    IngestResponses.Answer answer = IngestResponses.immediate(outcome);
    if (answer != null) {
      result.setResult(toEntity(answer));
    } else {
      ((IngestOutcome.Accepted) outcome)
          .stored()
          .whenComplete(
              (ok, error) -> result.setResult(toEntity(IngestResponses.afterWrite(error == null))));
    }
    return result;
  }

  private static ResponseEntity<String> toEntity(IngestResponses.Answer answer) {
    ResponseEntity.BodyBuilder builder =
        ResponseEntity.status(HttpStatus.valueOf(answer.status()))
            .contentType(answer.json() ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN);
    for (Map.Entry<String, String> h : answer.headers().entrySet()) {
      builder.header(h.getKey(), h.getValue());
    }
    return builder.body(answer.body());
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
