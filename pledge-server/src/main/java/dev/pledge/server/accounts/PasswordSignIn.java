package dev.pledge.server.accounts;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Sign-in with a username or address and a password. Throttled per login and per client address
 * before the password is even checked; an unknown login costs the same Argon2 time as a wrong
 * password. The result says how far the person got: past the password with a second factor still to
 * give, signed in, or signed in to a deleted account that can only be restored.
 */
final class PasswordSignIn implements AuthenticationProvider {

  /** Too many failures: every attempt is refused for a while, the right password included. */
  static final class Throttled extends AuthenticationException {
    Throttled() {
      super("too many failed sign-ins");
    }
  }

  /** A child's account waiting for a parent's consent (B-33). */
  static final class AwaitingParent extends AuthenticationException {
    AwaitingParent() {
      super("waiting for a parent's consent");
    }
  }

  private final AccountRecords accounts;
  private final SecondFactors secondFactors;
  private final Passwords passwords;
  private final SignInThrottles throttles;

  PasswordSignIn(
      AccountRecords accounts,
      SecondFactors secondFactors,
      Passwords passwords,
      SignInThrottles throttles) {
    this.accounts = accounts;
    this.secondFactors = secondFactors;
    this.passwords = passwords;
    this.throttles = throttles;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    String login = String.valueOf(authentication.getPrincipal());
    String password = String.valueOf(authentication.getCredentials());
    String client =
        authentication.getDetails() instanceof WebAuthenticationDetails d
            ? d.getRemoteAddress()
            : null;
    if (throttles.passwordLocked(login, client)) {
      throw new Throttled();
    }
    var account = accounts.byLogin(login);
    String hash = account.flatMap(a -> accounts.passwordHash(a.id())).orElse(null);
    if (!passwords.matches(password, hash) || account.isEmpty()) {
      throttles.passwordFailed(login, client);
      throw new BadCredentialsException("wrong login or password");
    }
    throttles.passwordSucceeded(login);
    StudioAccount a = account.get();
    if (a.status() == AccountStatus.AWAITING_PARENT) {
      throw new AwaitingParent();
    }
    if (secondFactors.enrolled(a.id())) {
      return StudioAuthentication.passwordOnly(a.id());
    }
    if (a.status() == AccountStatus.DELETED) {
      return StudioAuthentication.restoreOnly(a.id(), StudioAuthentication.Method.PASSWORD);
    }
    return StudioAuthentication.signedIn(
        a.id(), StudioAuthentication.Method.PASSWORD, a.verified());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
