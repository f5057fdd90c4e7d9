package dev.pledge.server.console;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Puts {@link LoginThrottle} in front of the password check: a throttled username or address is
 * refused before its password is even looked at, and every wrong password counts against both.
 */
final class ThrottledAuthentication implements AuthenticationProvider {

  /** The sign-in was refused because of too many recent failures, not because of the password. */
  static final class ThrottledException extends AuthenticationException {
    ThrottledException() {
      super("too many failed sign-ins; try again later");
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
    if (throttle.isLocked(username, address)) {
      throw new ThrottledException();
    }
    try {
      Authentication result = passwords.authenticate(attempt);
      throttle.succeeded(username);
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
