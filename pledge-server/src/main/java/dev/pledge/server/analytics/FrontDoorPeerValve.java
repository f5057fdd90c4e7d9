package dev.pledge.server.analytics;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Behind the {@link FrontDoor}, every request reaches Tomcat from loopback; this valve, first in
 * the engine, gives the request back the address of the client that sent it, so the access log, the
 * sign-in throttle and the request form's limits see the real client. The front door names it in a
 * header together with a secret made at start-up: a local process that connects to Tomcat's
 * loopback port directly cannot claim another address. The header is removed either way, so no
 * handler and no log ever sees the secret.
 */
final class FrontDoorPeerValve extends ValveBase {

  static final String HEADER = "X-Pledge-Peer";

  private final byte[] secret;

  FrontDoorPeerValve(String secret) {
    super(true);
    this.secret = secret.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    String value = request.getHeader(HEADER);
    if (value != null) {
      request.getCoyoteRequest().getMimeHeaders().removeHeader(HEADER);
      int space = value.indexOf(' ');
      if (space > 0
          && MessageDigest.isEqual(
              secret, value.substring(0, space).getBytes(StandardCharsets.US_ASCII))) {
        String peer = value.substring(space + 1);
        request.setRemoteAddr(peer);
        request.setRemoteHost(peer);
      }
    }
    getNext().invoke(request, response);
  }
}
