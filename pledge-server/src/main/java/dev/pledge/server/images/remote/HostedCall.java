package dev.pledge.server.images.remote;

import dev.pledge.server.images.EditFailed;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.Progress;
import dev.pledge.server.images.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One call to a hosted model, the way every provider here makes it: a time limit per attempt; on a
 * rate limit (429) or a server error (500, 502, 503, 504), a time-out or a lost connection, another
 * attempt after the wait the provider asked for ({@code Retry-After}, in seconds or as a date) or
 * else 1, 2, 4… seconds, at most {@code max-attempts} in all; a wait longer than {@code max-wait}
 * is not slept through here but handed to the job system as a retryable failure, so a worker is not
 * held for minutes. Other answers are returned as they are for the provider to read.
 *
 * <p>Settings read: {@code timeout} (ISO-8601, default PT120S), {@code connect-timeout} (PT10S),
 * {@code max-attempts} (3), {@code max-wait} (PT30S), {@code max-result-bytes} (25 MB).
 */
final class HostedCall {

  /** How the call waits between attempts (a test records instead of sleeping). */
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  static final Sleeper REAL_SLEEP = d -> Thread.sleep(d.toMillis());

  private final String providerName;
  private final HttpClient client;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration maxWait;
  private final long maxResultBytes;
  private final Sleeper sleeper;

  HostedCall(String providerName, ProviderSettings settings, Sleeper sleeper) {
    this.providerName = providerName;
    this.timeout = settings.duration("timeout", Duration.ofSeconds(120));
    this.maxAttempts = Math.max(1, Integer.parseInt(settings.get("max-attempts", "3")));
    this.maxWait = settings.duration("max-wait", Duration.ofSeconds(30));
    this.maxResultBytes = Long.parseLong(settings.get("max-result-bytes", "26214400"));
    this.sleeper = sleeper;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(settings.duration("connect-timeout", Duration.ofSeconds(10)))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Sends the request (built afresh for each attempt), retrying as described above.
   *
   * @return the first answer that is neither a rate limit nor a server error
   * @throws EditFailed (retryable) when every attempt failed, or the provider asked for a longer
   *     wait than allowed
   */
  HttpResponse<byte[]> send(java.util.function.Supplier<HttpRequest.Builder> request)
      throws EditFailed {
    String last = "no attempt";
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      Duration wait = backoff(attempt);
      try {
        HttpResponse<byte[]> response =
            client.send(
                request.get().timeout(timeout).build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (!retryable(status)) {
          return response;
        }
        last = "HTTP " + status;
        Optional<Duration> asked = retryAfter(response);
        if (asked.isPresent()) {
          wait = asked.get();
        }
        if (wait.compareTo(maxWait) > 0) {
          throw new EditFailed(
              providerName + " asks to wait " + wait.toSeconds() + " s (" + last + ")", true);
        }
      } catch (HttpTimeoutException e) {
        last = "no answer within " + timeout.toSeconds() + " s";
      } catch (IOException e) {
        last = "connection failed (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EditFailed(providerName + ": interrupted", true);
      }
      if (attempt < maxAttempts) {
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new EditFailed(providerName + ": interrupted", true);
        }
      }
    }
    throw new EditFailed(
        providerName + " did not answer after " + maxAttempts + " attempts: " + last, true);
  }

  /**
   * Downloads a result the provider left at a URL (such URLs expire: the studio keeps its own
   * copy), within the size limit, without following redirects to other places.
   */
  Result download(String url, Progress progress) throws EditFailed, EditRefused {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new EditFailed(providerName + " returned a result address that is not a URL", false);
    }
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      throw new EditFailed(providerName + " returned a result address that is not http(s)", false);
    }
    progress.report(0.8, "images.progress.downloading");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        if (response.statusCode() != 200) {
          throw new EditFailed(
              providerName + "'s result could not be fetched: HTTP " + response.statusCode(),
              retryable(response.statusCode()));
        }
        long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > maxResultBytes) {
          throw new EditRefused("images.remote.result-too-large", maxResultBytes / 1_048_576);
        }
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResultBytes + 1));
        if (bytes.length > maxResultBytes) {
          throw new EditRefused("images.remote.result-too-large", maxResultBytes / 1_048_576);
        }
        return result(bytes);
      }
    } catch (HttpTimeoutException e) {
      throw new EditFailed(providerName + "'s result did not arrive in time", true);
    } catch (IOException e) {
      throw new EditFailed(
          providerName + "'s result could not be fetched (" + e.getClass().getSimpleName() + ")",
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EditFailed(providerName + ": interrupted", true);
    }
  }

  /** Image bytes and their type, read from the bytes themselves (not from what a server says). */
  record Result(byte[] bytes, String contentType) {}

  Result result(byte[] bytes) throws EditFailed, EditRefused {
    if (bytes.length > maxResultBytes) {
      throw new EditRefused("images.remote.result-too-large", maxResultBytes / 1_048_576);
    }
    String type = sniff(bytes);
    if (type == null) {
      throw new EditFailed(providerName + " returned something that is not an image", false);
    }
    return new Result(bytes, type);
  }

  static String sniff(byte[] b) {
    if (b.length >= 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return "image/png";
    }
    if (b.length >= 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
      return "image/jpeg";
    }
    if (b.length >= 12
        && b[0] == 'R'
        && b[1] == 'I'
        && b[2] == 'F'
        && b[3] == 'F'
        && b[8] == 'W'
        && b[9] == 'E'
        && b[10] == 'B'
        && b[11] == 'P') {
      return "image/webp";
    }
    return null;
  }

  private static boolean retryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  private static Duration backoff(int attempt) {
    return Duration.ofSeconds(1L << Math.min(10, attempt - 1));
  }

  /** {@code Retry-After} as delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String v = value.get().strip();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v))));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException unreadable) {
        return Optional.empty();
      }
    }
  }
}
