package dev.pledge.server.studio;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One e-mail of the studio, ready to queue.
 *
 * @param accountId the account it concerns (its data: erased and exported with it), or {@code null}
 *     when it concerns none
 * @param to the address — personal data: kept until sent, never logged
 * @param kind what it is, for logs and the outbox ({@code verify-email}, {@code team-invite})
 * @param subject the subject line
 * @param body plain text; it may carry a single-use link, so it is cleared once sent
 * @param headers further header fields (name → value), such as RFC 8058's {@code List-Unsubscribe};
 *     cleared with the body once sent, since they may carry a token too
 */
public record StudioMessage(
    String accountId,
    String to,
    String kind,
    String subject,
    String body,
    Map<String, String> headers) {

  /** A header name as RFC 5322 allows it; values are printable ASCII on one line. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]{1,76}");

  private static final Pattern HEADER_VALUE = Pattern.compile("[ -~]{1,2000}");

  public StudioMessage {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(body, "body");
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    headers.forEach(
        (name, value) -> {
          if (!HEADER_NAME.matcher(name).matches() || !HEADER_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException(
                "header "
                    + name
                    + ": a name of printable ASCII without ':' and a value of printable ASCII on"
                    + " one line (no line breaks: they would forge headers)");
          }
        });
  }

  /** A message without further headers. */
  public StudioMessage(String accountId, String to, String kind, String subject, String body) {
    this(accountId, to, kind, subject, body, Map.of());
  }

  /** The same message with {@code headers} added. */
  public StudioMessage withHeaders(Map<String, String> headers) {
    return new StudioMessage(accountId, to, kind, subject, body, headers);
  }

  @Override
  public String toString() {
    return "StudioMessage[" + kind + "]";
  }
}
