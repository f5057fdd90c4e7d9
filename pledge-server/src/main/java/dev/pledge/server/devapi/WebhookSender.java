package dev.pledge.server.devapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts one webhook delivery to the address that was checked, not to whatever the name resolves to
 * by the time the connection opens: the URL's host is looked up once, every address is checked
 * ({@link WebhookTargets}), and the connection goes to those addresses only (a {@link DnsResolver}
 * that answers with them), while the request keeps the URL's host for {@code Host}, TLS SNI and the
 * certificate's name check. No redirects are followed, no request is retried by the client.
 */
final class WebhookSender {

  /** An address that may not receive deliveries (now, whatever it was at registration). */
  static final class RefusedAddress extends IOException {
    RefusedAddress(String why) {
      super(why, null);
    }
  }

  private final WebhookTargets.Resolver resolver;
  private final boolean allowLoopback;

  WebhookSender(WebhookTargets.Resolver resolver, boolean allowLoopback) {
    this.resolver = resolver;
    this.allowLoopback = allowLoopback;
  }

  /** Posts {@code body}; the answer's status. */
  int post(URI target, Map<String, String> headers, String body) throws IOException {
    WebhookTargets.Checked checked = WebhookTargets.check(target, allowLoopback, resolver);
    if (checked.refusal() != null) {
      throw new RefusedAddress(checked.refusal());
    }
    InetAddress[] pinned = checked.addresses();
    String host = target.getHost();
    DnsResolver only =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String name) throws java.net.UnknownHostException {
            if (!name.equalsIgnoreCase(host)) {
              throw new java.net.UnknownHostException("not the checked host");
            }
            return pinned.clone();
          }

          @Override
          public String resolveCanonicalHostname(String name) {
            return name;
          }
        };
    try (CloseableHttpClient client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(only)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(Timeout.ofSeconds(5))
                            .setSocketTimeout(Timeout.ofSeconds(10))
                            .build())
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(10, TimeUnit.SECONDS)
                    .setRedirectsEnabled(false)
                    .build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .build()) {
      HttpPost post = new HttpPost(target);
      headers.forEach(post::setHeader);
      post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
      return client.execute(post, response -> response.getCode());
    }
  }
}
