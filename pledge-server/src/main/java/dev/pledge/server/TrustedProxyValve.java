package dev.pledge.server;

import com.google.common.net.InetAddresses;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.apache.catalina.AccessLog;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.buf.MessageBytes;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * Behind a declared TLS proxy ({@code pledge.behind-tls-proxy}), takes the client's address, scheme
 * and host from the proxy's {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code
 * X-Forwarded-Host} — but only when the request comes from a trusted proxy, and the client address
 * is the right-most one in {@code X-Forwarded-For} that is not a trusted proxy itself, so a client
 * cannot choose its own address by sending the header. Everything after it (the login throttle, the
 * privacy center's limits, Spring Security's HSTS for https, redirects) sees the client as the
 * proxy saw it; an access log valve reads it from the request attributes Tomcat's {@code
 * RemoteIpValve} sets too.
 *
 * <p>Tomcat's {@code RemoteIpValve} does the same but takes trusted proxies as a regular
 * expression; operators write address blocks.
 */
final class TrustedProxyValve extends ValveBase {

  private final List<IpAddressMatcher> proxies;

  TrustedProxyValve(List<IpAddressMatcher> proxies) {
    super(true);
    this.proxies = List.copyOf(proxies);
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    if (!trusted(request.getRemoteAddr())) {
      getNext().invoke(request, response);
      return;
    }
    String remoteAddr = request.getRemoteAddr();
    String remoteHost = request.getRemoteHost();
    boolean secure = request.isSecure();
    String scheme = request.getCoyoteRequest().scheme().toString();
    int serverPort = request.getServerPort();
    String serverName = request.getCoyoteRequest().serverName().toString();
    try {
      String client = client(request.getHeaders("X-Forwarded-For"));
      if (client != null) {
        request.setRemoteAddr(client);
        request.setRemoteHost(client);
        // For an access log valve that reads them (requestAttributesEnabled): it logs after
        // this valve has put the proxy's address back.
        request.setAttribute(AccessLog.REMOTE_ADDR_ATTRIBUTE, client);
        request.setAttribute(AccessLog.REMOTE_HOST_ATTRIBUTE, client);
      }
      String proto = last(request.getHeaders("X-Forwarded-Proto"));
      if ("https".equalsIgnoreCase(proto) || "http".equalsIgnoreCase(proto)) {
        boolean https = "https".equalsIgnoreCase(proto);
        request.setSecure(https);
        request.getCoyoteRequest().scheme().setString(https ? "https" : "http");
        request.setServerPort(https ? 443 : 80);
      }
      String host = last(request.getHeaders("X-Forwarded-Host"));
      if (host != null
          && host.matches("[A-Za-z0-9.\\-]+(:\\d{1,5})?|\\[[0-9A-Fa-f:.]+](:\\d{1,5})?")) {
        int colon = host.lastIndexOf(':');
        boolean hasPort = colon > host.lastIndexOf(']');
        request
            .getCoyoteRequest()
            .serverName()
            .setString(hasPort ? host.substring(0, colon) : host);
        if (hasPort) {
          request.setServerPort(Integer.parseInt(host.substring(colon + 1)));
        }
        MessageBytes hostHeader = request.getCoyoteRequest().getMimeHeaders().getValue("host");
        if (hostHeader != null) {
          hostHeader.setString(host);
        }
      }
      getNext().invoke(request, response);
    } finally {
      request.setRemoteAddr(remoteAddr);
      request.setRemoteHost(remoteHost);
      request.setSecure(secure);
      request.getCoyoteRequest().scheme().setString(scheme);
      request.setServerPort(serverPort);
      request.getCoyoteRequest().serverName().setString(serverName);
    }
  }

  /** The right-most address that is not a trusted proxy; null when there is none to believe. */
  String client(Enumeration<String> headers) {
    List<String> hops = new ArrayList<>();
    for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
      for (String hop : header.split(",")) {
        hops.add(hop.strip());
      }
    }
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (!InetAddresses.isInetAddress(hop)) {
        return null; // a hop that is no address: believe nothing beyond the proxy
      }
      if (!trusted(hop) || i == 0) {
        return hop;
      }
    }
    return null;
  }

  private boolean trusted(String address) {
    if (address == null || !InetAddresses.isInetAddress(address)) {
      return false;
    }
    return proxies.stream().anyMatch(m -> m.matches(address));
  }

  private static String last(Enumeration<String> headers) {
    String last = null;
    for (String header : headers == null ? List.<String>of() : Collections.list(headers)) {
      for (String value : header.split(",")) {
        if (!value.isBlank()) {
          last = value.strip();
        }
      }
    }
    return last;
  }
}
