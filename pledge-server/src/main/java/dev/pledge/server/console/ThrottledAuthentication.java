package dev.pledge.server.console;

import java.time.Duration;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Puts {@link LoginThrottle} in front of the password check: a username that must still wait on
 * this client network is refused before its password is even looked at (and the refusal does not
 * count as a failure), and every wrong password counts against the username on that network.
 */
final class ThrottledAuthentication implements AuthenticationProvider {

  /** The sign-in was refused because of too many recent failures, not because of the password. */
  static final class ThrottledException extends AuthenticationException {
    private final transient Duration wait;

    ThrottledException(Duration wait) {
      super("too many failed sign-ins; try again later");
      this.wait = wait;
    }

    /** How long until the next attempt is looked at. */
    Duration waitFor() {
      return wait;
    }
  }

  private final AuthenticationProvider passwords;
  private final LoginThrottle throttle;

  ThrottledAuthentication(AuthenticationProvider passwords, LoginThrottle throttle) {
    this.passwords = passwords;
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication attempt) {
    String username = attempt.getName();
    String address =
        attempt.getDetails() instanceof WebAuthenticationDetails details
            ? details.getRemoteAddress()
            : null;
    Optional<Duration> wait = throttle.waitFor(username, address);
    if (wait.isPresent()) {
      throw new ThrottledException(wait.get());
    }
    try {
      Authentication result = passwords.authenticate(attempt);
      throttle.succeeded(username, address);
      return result;
    } catch (BadCredentialsException e) {
      throttle.failed(username, address);
      throw e;
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return passwords.supports(authentication);
  }
}
