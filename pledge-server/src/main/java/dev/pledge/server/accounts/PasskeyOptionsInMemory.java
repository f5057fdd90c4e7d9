package dev.pledge.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pledge.server.shared.SessionTable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.registration.PublicKeyCredentialCreationOptionsRepository;

/**
 * The options of a passkey being registered, kept between the two requests of the ceremony. Spring
 * Security keeps them in the session, but this version's options are not serialisable and the
 * studio's sessions live in PostgreSQL; they stay in memory here, keyed by the session, for the
 * five minutes a ceremony may take. With several instances, the two requests must reach the same
 * one (they follow each other within seconds); a miss only asks the person to try again.
 */
final class PasskeyOptionsInMemory implements PublicKeyCredentialCreationOptionsRepository {

  private final Cache<String, PublicKeyCredentialCreationOptions> options =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();

  @Override
  public void save(
      HttpServletRequest request,
      HttpServletResponse response,
      PublicKeyCredentialCreationOptions value) {
    String key = SessionTable.hashHex(request.getSession(true).getId());
    if (value == null) {
      options.invalidate(key);
    } else {
      options.put(key, value);
    }
  }

  @Override
  public PublicKeyCredentialCreationOptions load(HttpServletRequest request) {
    var session = request.getSession(false);
    return session == null ? null : options.getIfPresent(SessionTable.hashHex(session.getId()));
  }
}
