package dev.pledge.server.accounts;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a studio password must be: at least {@value #MIN} characters (a passphrase is welcome), at
 * most {@value #MAX}, not one of the passwords every guesser tries first, and not built from the
 * person's own username or address. Length beats composition rules (NIST SP 800-63B), so there is
 * no "one digit, one symbol" rule. Returns the message key of the problem, if any.
 */
final class PasswordRules {

  static final int MIN = 10;
  static final int MAX = 128;

  /** The most-used passwords of public breach lists that are at least ten characters long. */
  private static final Set<String> COMMON =
      Set.of(
          "1234567890",
          "0123456789",
          "1234567891",
          "12345678910",
          "0987654321",
          "1q2w3e4r5t",
          "1qaz2wsx3edc",
          "qwertyuiop",
          "password12",
          "password123",
          "password1!",
          "passw0rd123",
          "iloveyou12",
          "qwerty1234",
          "qwerty12345",
          "abcdefghij",
          "abc1234567",
          "1111111111",
          "0000000000",
          "aaaaaaaaaa",
          "letmein123",
          "welcome123",
          "sunshine12",
          "football12",
          "baseball12",
          "princess12",
          "dragon1234",
          "monkey1234",
          "superman12",
          "trustno1234",
          "administrator",
          "changeme123",
          "p@ssw0rd123",
          "zaq12wsxcde",
          "asdfghjkl1",
          "zxcvbnm123");

  private PasswordRules() {}

  static Optional<String> problem(String password, String username, String email) {
    if (password == null || password.isEmpty()) {
      return Optional.of("password.missing");
    }
    int length = password.codePointCount(0, password.length());
    if (length > MAX) {
      return Optional.of("password.too-long");
    }
    if (length < MIN) {
      return Optional.of("password.too-short");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower) || password.chars().distinct().count() < 4) {
      return Optional.of("password.common");
    }
    if (contains(lower, username) || contains(lower, localPart(email))) {
      return Optional.of("password.personal");
    }
    return Optional.empty();
  }

  private static boolean contains(String password, String part) {
    return part != null && part.length() >= 4 && password.contains(part.toLowerCase(Locale.ROOT));
  }

  private static String localPart(String email) {
    if (email == null) {
      return null;
    }
    int at = email.indexOf('@');
    return at > 0 ? email.substring(0, at) : email;
  }
}
