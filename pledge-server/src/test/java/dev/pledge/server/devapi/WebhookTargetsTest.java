package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("B-14 webhooks never reach into the server's own networks (no request forgery)")
class WebhookTargetsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://10.1.2.3/hook",
        "https://172.16.0.9/hook",
        "https://192.168.1.1/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::]/hook",
        "https://255.255.255.255/hook"
      })
  @DisplayName("private, link-local, reserved and unspecified addresses are refused")
  void privateRefused(String url) {
    assertThat(WebhookTargets.refusal(URI.create(url), true))
        .isEqualTo("it points into a private or reserved network");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://[64:ff9b::a9fe:a9fe]/latest/meta-data",
        "https://[64:ff9b::a00:1]/hook",
        "https://[64:ff9b::7f00:1]/hook",
        "https://[2002:a9fe:a9fe::1]/hook",
        "https://[2002:c0a8:101::]/hook",
        "https://[64:ff9b:1::a9fe:a9fe]/hook",
        "https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook",
        "https://[2001:db8::1]/hook",
        "https://[100::1]/hook"
      })
  @DisplayName(
      "IPv6 that carries a private IPv4 address (NAT64, 6to4), tunnels and reserved ranges are"
          + " refused")
  void embeddedIpv4Refused(String url) {
    assertThat(WebhookTargets.refusal(URI.create(url), true))
        .isEqualTo("it points into a private or reserved network");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/hook"})
  @DisplayName("loopback is refused unless the operator allows it (the demo, the tests)")
  void loopbackOnlyWhenAllowed(String url) {
    assertThat(WebhookTargets.refusal(URI.create(url), false))
        .isEqualTo("it points at the server itself (loopback)");
    assertThat(WebhookTargets.refusal(URI.create(url), true)).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://93.184.216.34/hook",
        "https://[2606:4700::1111]/hook",
        "https://[64:ff9b::5db8:d822]/hook",
        "https://[2002:5db8:d822::1]/hook"
      })
  @DisplayName("public addresses are allowed")
  void publicAllowed(String url) {
    assertThat(WebhookTargets.refusal(URI.create(url), false)).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://no-such-host.invalid/hook"})
  @DisplayName("a name that does not resolve is refused with its reason")
  void unresolvable(String url) {
    assertThat(WebhookTargets.refusal(URI.create(url), false))
        .isEqualTo("its host name does not resolve");
  }
}
