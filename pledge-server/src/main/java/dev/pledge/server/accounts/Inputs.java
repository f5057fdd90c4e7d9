package dev.pledge.server.accounts;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** What the studio accepts in its forms' text fields, in one place. */
final class Inputs {

  static final int NAME_MAX = 100;
  static final int EMAIL_MAX = 254;
  static final int USERNAME_MIN = 3;
  static final int USERNAME_MAX = 30;
  static final int COMPANY_MAX = 200;
  static final int ADDRESS_MAX = 500;
  static final int TEAM_NAME_MAX = 80;

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Set<String> RESERVED =
      Set.of(
          "admin",
          "administrator",
          "root",
          "support",
          "privacy",
          "security",
          "studio",
          "system",
          "account",
          "accounts",
          "api",
          "help",
          "legal",
          "dpo",
          "compliance",
          "team",
          "teams");

  private Inputs() {}

  /** Trimmed text, or "" for null. */
  static String text(String s) {
    return s == null ? "" : s.strip();
  }

  static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** Control characters have no place in a name or address (they forge log lines and headers). */
  static boolean hasControl(String s) {
    return s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
  }

  /** A message key for what is wrong with a username, or null. */
  static String usernameProblem(String username) {
    if (username.isEmpty()) {
      return "username.missing";
    }
    if (length(username) < USERNAME_MIN || length(username) > USERNAME_MAX) {
      return "username.length";
    }
    if (!USERNAME.matcher(username).matches()) {
      return "username.characters";
    }
    if (RESERVED.contains(username)) {
      return "username.reserved";
    }
    return null;
  }

  static String normalUsername(String username) {
    return text(username).toLowerCase(Locale.ROOT);
  }

  /** A message key for what is wrong with an address, or null. */
  static String emailProblem(String email) {
    if (email.isEmpty()) {
      return "email.missing";
    }
    if (length(email) > EMAIL_MAX) {
      return "email.too-long";
    }
    if (hasControl(email) || email.indexOf(' ') >= 0) {
      return "email.invalid";
    }
    try {
      InternetAddress address = new InternetAddress(email, true);
      String a = address.getAddress();
      int at = a.lastIndexOf('@');
      if (!a.equals(email) || at < 1 || a.indexOf('.', at) < 0 || a.endsWith(".")) {
        return "email.invalid";
      }
    } catch (AddressException e) {
      return "email.invalid";
    }
    return null;
  }

  /** A message key for what is wrong with a person's name, or null. */
  static String nameProblem(String name) {
    if (name.isEmpty()) {
      return "name.missing";
    }
    if (length(name) > NAME_MAX) {
      return "name.too-long";
    }
    if (hasControl(name)) {
      return "name.invalid";
    }
    return null;
  }
}
