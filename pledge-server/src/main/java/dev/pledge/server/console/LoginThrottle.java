package dev.pledge.server.console;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing without handing anyone a way to lock an operator out. Failed
 * sign-ins count per client network and username together: after {@value #FREE_FAILURES} of them
 * the next attempt waits {@link #FIRST_WAIT}, and each further failure doubles the wait (up to
 * {@link #LONGEST_WAIT}) — refused even with the right password while it lasts, so guessing gains
 * nothing. The same operator signing in from another network is not slowed at all. One network
 * trying many usernames is slowed as well, after {@value #FREE_FAILURES_PER_NETWORK} failures.
 *
 * <p>A client network is its IPv4 address, or the /64 of its IPv6 address: one subscriber usually
 * holds a whole /64 and could otherwise start afresh from each of its addresses. Counted in
 * PostgreSQL ({@link Backoff}), so failures on every instance count together. The address is the
 * socket's peer address — behind a reverse proxy, the client's only when the operator declared the
 * proxy ({@code pledge.behind-tls-proxy}).
 */
@Component
class LoginThrottle {

  static final int FREE_FAILURES = 5;
  static final int FREE_FAILURES_PER_NETWORK = 20;
  static final Duration FIRST_WAIT = Duration.ofSeconds(30);
  static final Duration LONGEST_WAIT = Duration.ofHours(1);
  static final Duration FORGET_AFTER = Duration.ofHours(24);

  private final Backoff perUser;
  private final Backoff perNetwork;

  @Autowired
  LoginThrottle(Clock clock, JdbcClient jdbc) {
    this("console-sign-in", clock, jdbc);
  }

  /** Under names of its own ({@code name}-user, {@code name}-network): for tests. */
  LoginThrottle(String name, Clock clock, JdbcClient jdbc) {
    this.perUser =
        new Backoff(
            name + "-user", jdbc, clock, FREE_FAILURES, FIRST_WAIT, LONGEST_WAIT, FORGET_AFTER);
    this.perNetwork =
        new Backoff(
            name + "-network",
            jdbc,
            clock,
            FREE_FAILURES_PER_NETWORK,
            FIRST_WAIT,
            LONGEST_WAIT,
            FORGET_AFTER);
  }

  /** How long sign-ins for this username from this address must still wait; empty: go ahead. */
  Optional<Duration> waitFor(String username, String address) {
    String network = network(address);
    Optional<Duration> user = perUser.waitFor(userKey(network, username));
    Optional<Duration> net = perNetwork.waitFor(network);
    if (user.isPresent() && net.isPresent()) {
      return Optional.of(user.get().compareTo(net.get()) > 0 ? user.get() : net.get());
    }
    return user.isPresent() ? user : net;
  }

  void failed(String username, String address) {
    String network = network(address);
    perUser.failed(userKey(network, username));
    perNetwork.failed(network);
  }

  /** A successful sign-in clears this username's failures from this network. */
  void succeeded(String username, String address) {
    perUser.clear(userKey(network(address), username));
  }

  /** The key of a client address: IPv4 as it is (also when IPv4-mapped), IPv6 by its /64. */
  static String network(String address) {
    if (address == null || address.isBlank()) {
      return "unknown";
    }
    String literal = address.strip();
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    // Only literals: a colon makes the JDK parse IPv6 without a lookup, a dotted quad IPv4.
    if (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      return "unknown";
    }
    try {
      InetAddress parsed = InetAddress.getByName(literal);
      if (parsed instanceof Inet4Address) {
        return parsed.getHostAddress(); // the JDK already turns ::ffff:a.b.c.d into IPv4
      }
      if (parsed instanceof Inet6Address) {
        byte[] bytes = parsed.getAddress();
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
          prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff)));
          prefix.append(':');
        }
        return prefix.append(":/64").toString();
      }
    } catch (UnknownHostException e) {
      // not an address after all
    }
    return "unknown";
  }

  private static String userKey(String network, String username) {
    return network + " " + (username == null ? "" : username.strip().toLowerCase(Locale.ROOT));
  }
}
