package dev.pledge.server.devapi;

import dev.pledge.server.PledgeSettings;
import dev.pledge.server.keys.KeyProbes;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At start: the key that seals webhook secrets is the one the database's secrets were sealed with
 * ({@link KeyProbes}); made now on a first start, so a copy of {@code {data-dir}/keys/} taken after
 * it holds it. Without this, an instance with its own key would answer webhook deliveries it cannot
 * sign, and seal secrets the other instances cannot open.
 */
@Component
class WebhookKeyCheck implements SmartInitializingSingleton {

  private static final String PROBE_ID = "key-probe";

  private final WebhookSecrets secrets;
  private final JdbcClient jdbc;
  private final PledgeSettings settings;

  WebhookKeyCheck(WebhookSecrets secrets, JdbcClient jdbc, PledgeSettings settings) {
    this.secrets = secrets;
    this.jdbc = jdbc;
    this.settings = settings;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (settings.maintenance()) {
      return;
    }
    KeyProbes.check(
        jdbc,
        "webhook-secrets",
        settings.dataDir().resolve("keys").resolve(WebhookSecrets.KEY_FILE).toString(),
        new KeyProbes.Probe() {
          @Override
          public byte[] make() {
            return secrets.seal(PROBE_ID, WebhookSecrets.fresh());
          }

          @Override
          public boolean matches(byte[] stored) {
            try {
              secrets.open(PROBE_ID, stored);
              return true;
            } catch (IllegalStateException e) {
              return false;
            }
          }
        });
  }
}
