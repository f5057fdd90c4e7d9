package dev.pledge.server.accounts;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The studio's limits on guessing: passwords per login and per client address, second-factor codes
 * per account (a six-digit code has a million values; five tries per quarter hour make a guess
 * hopeless), and e-mails asked for (reset and verification links) per address.
 */
@Component
class SignInThrottles {

  static final int PASSWORDS_PER_LOGIN = 5;
  static final int PASSWORDS_PER_CLIENT = 20;
  static final int CODES_PER_ACCOUNT = 5;
  static final int MAILS_PER_ADDRESS = 3;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Throttle logins;
  private final Throttle clients;
  private final Throttle codes;
  private final Throttle mails;

  SignInThrottles(Clock clock, JdbcClient jdbc) {
    this.logins = new Throttle("password-login", PASSWORDS_PER_LOGIN, WINDOW, clock, jdbc);
    this.clients = new Throttle("password-client", PASSWORDS_PER_CLIENT, WINDOW, clock, jdbc);
    this.codes = new Throttle("code-account", CODES_PER_ACCOUNT, WINDOW, clock, jdbc);
    this.mails = new Throttle("mail-address", MAILS_PER_ADDRESS, Duration.ofHours(1), clock, jdbc);
  }

  boolean passwordLocked(String login, String client) {
    return logins.locked(key(login)) || clients.locked(String.valueOf(client));
  }

  void passwordFailed(String login, String client) {
    logins.failed(key(login));
    clients.failed(String.valueOf(client));
  }

  void passwordSucceeded(String login) {
    logins.succeeded(key(login));
  }

  boolean codeLocked(String accountId) {
    return codes.locked(accountId);
  }

  void codeFailed(String accountId) {
    codes.failed(accountId);
  }

  void codeSucceeded(String accountId) {
    codes.succeeded(accountId);
  }

  /** Takes one of the address's e-mails; false when it has had its share this hour. */
  boolean mayMail(String address) {
    String k = key(address);
    if (mails.locked(k)) {
      return false;
    }
    mails.failed(k);
    return true;
  }

  private static String key(String login) {
    return login == null ? "" : login.strip().toLowerCase(Locale.ROOT);
  }
}
