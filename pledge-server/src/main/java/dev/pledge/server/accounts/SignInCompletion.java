package dev.pledge.server.accounts;

import dev.pledge.server.studio.StudioPaths;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * What happens once someone has proved who they are, however they did: the session learns its
 * device and truncated address (for the person's session list), a second factor is asked for when
 * one is enrolled, a deleted account can only be restored, and everyone else goes where they were
 * heading ({@code next}, a studio path only).
 */
@Component
class SignInCompletion implements AuthenticationSuccessHandler {

  /** The page to go to after the second factor, kept while it is asked for. */
  static final String NEXT = SignInCompletion.class.getName() + ".next";

  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
  private final DeviceNames devices;
  private final StepUps stepUps;
  private final Clock clock;

  SignInCompletion(DeviceNames devices, StepUps stepUps, Clock clock) {
    this.devices = devices;
    this.stepUps = stepUps;
    this.clock = clock;
  }

  @Override
  public void onAuthenticationSuccess(
      HttpServletRequest request, HttpServletResponse response, Authentication authentication)
      throws IOException {
    StudioAuthentication auth = (StudioAuthentication) authentication;
    HttpSession session = request.getSession(true);
    describe(request, session);
    String next = StudioPaths.local(request.getParameter("next"));
    if (!auth.has(StudioAuthentication.ACCOUNT) && !auth.has(StudioAuthentication.RESTORE)) {
      session.setAttribute(NEXT, next);
      response.sendRedirect(request.getContextPath() + "/sign-in/code");
      return;
    }
    response.sendRedirect(request.getContextPath() + finish(request, response, auth, next));
  }

  /** Records the device and network of the session, for the person's session list. */
  void describe(HttpServletRequest request, HttpSession session) {
    session.setAttribute(
        StudioSessionRepository.DEVICE, devices.describe(request.getHeader("User-Agent")));
    session.setAttribute(
        StudioSessionRepository.ADDRESS, ClientAddresses.truncated(request.getRemoteAddr()));
  }

  /**
   * Puts {@code auth} on the session (a new session id: whoever knew the old one learns nothing)
   * and says where to go on: restoring a deleted account, or {@code next}.
   */
  String finish(
      HttpServletRequest request,
      HttpServletResponse response,
      StudioAuthentication auth,
      String next) {
    signIn(request, response, auth);
    return auth.has(StudioAuthentication.RESTORE) ? "/restore" : StudioPaths.local(next);
  }

  /** Makes {@code auth} the session's, now and for the following requests. */
  void signIn(HttpServletRequest request, HttpServletResponse response, StudioAuthentication auth) {
    HttpSession session = request.getSession(true);
    if (auth.method() == StudioAuthentication.Method.PASSKEY && auth.signedIn()) {
      stepUps.confirmed(session, clock.instant()); // a passkey is a second factor on its own
    }
    request.changeSessionId();
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(auth);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
  }
}
