package dev.pledge.server.accounts;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashes (Spring Security's encoder, BouncyCastle underneath), and a check that
 * costs the same whether or not the account exists, so timing does not tell who has one.
 */
@Component
class Passwords {

  private final PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  private final String decoy = encoder.encode("a password nobody has");

  String hash(String password) {
    return encoder.encode(password);
  }

  boolean matches(String password, String hash) {
    if (password == null) {
      return false;
    }
    if (hash == null) {
      encoder.matches(password, decoy);
      return false;
    }
    return encoder.matches(password, hash);
  }
}
