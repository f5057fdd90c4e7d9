package dev.pledge.server.console;

import java.util.Date;
import java.util.List;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * Spring Security's view of the operators' sessions, read from {@code console_session} so that a
 * session ended on one instance (a password change) is signed out on whichever instance it is used
 * next: Spring Security's concurrent-session filter asks for each request's session and, when it
 * was ended, signs it out and answers "?ended" (or the API's 401). Sessions are registered and
 * removed by {@link ConsoleSessionRepository} itself, with their rows.
 */
class ConsoleSessionRegistry implements SessionRegistry {

  private final ConsoleSessionRepository sessions;

  ConsoleSessionRegistry(ConsoleSessionRepository sessions) {
    this.sessions = sessions;
  }

  @Override
  public SessionInformation getSessionInformation(String sessionId) {
    return sessions
        .signedIn(sessionId)
        .map(
            s -> {
              SessionInformation information =
                  new SessionInformation(s.operator(), sessionId, Date.from(s.lastUsed()));
              if (s.ended()) {
                information.expireNow();
              }
              return information;
            })
        .orElse(null);
  }

  /**
   * Not kept: the table holds only hashes of the session ids, so it cannot list sessions by id.
   * Spring Security asks only when a session limit is set, and the console sets none; a password
   * change ends the other sessions through {@link ConsoleSessionRepository#endOthers}.
   */
  @Override
  public List<SessionInformation> getAllSessions(Object principal, boolean includeExpired) {
    throw new UnsupportedOperationException(
        "console sessions are stored by the hash of their id and cannot be listed by id");
  }

  @Override
  public List<Object> getAllPrincipals() {
    throw new UnsupportedOperationException(
        "console sessions are stored by the hash of their id and cannot be listed by id");
  }

  /** The repository writes the row, with the operator, at the end of the sign-in request. */
  @Override
  public void registerNewSession(String sessionId, Object principal) {}

  /** The repository writes the last use (at most once a minute). */
  @Override
  public void refreshLastRequest(String sessionId) {}

  /** The session's row goes when the session is invalidated (sign-out, ended, idle). */
  @Override
  public void removeSessionInformation(String sessionId) {}
}
