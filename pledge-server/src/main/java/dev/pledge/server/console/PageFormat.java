package dev.pledge.server.console;

import dev.pledge.server.shared.HumanFormat;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * {@link HumanFormat} for the console's templates, as {@code ${@format.moment(instant)}}: pages
 * format values the way every other place a person reads does, without each controller formatting
 * them first.
 */
@Component("format")
class PageFormat {

  public String moment(Instant at) {
    return HumanFormat.moment(at);
  }

  public String count(long n) {
    return HumanFormat.count(n);
  }

  public String plural(long n, String noun) {
    return HumanFormat.plural(n, noun);
  }
}
