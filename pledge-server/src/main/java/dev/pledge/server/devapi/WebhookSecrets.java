package dev.pledge.server.devapi;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets ({@code whsec_} and 24 random bytes, base64, as Standard Webhooks has
 * them): shown once, stored encrypted with a key of their own wrapped by the master key, and bound
 * to their endpoint's id, so a secret copied to another row does not decrypt.
 */
@Component
class WebhookSecrets {

  static final String PREFIX = "whsec_";
  static final String KEY_FILE = "webhook-secrets.json";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private Aead aead;

  WebhookSecrets(PledgeSettings settings) {
    this.directory = settings.dataDir().resolve("keys").toAbsolutePath().normalize();
  }

  static String fresh() {
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    return PREFIX + Base64.getEncoder().encodeToString(raw);
  }

  byte[] seal(String webhookId, String secret) {
    try {
      return aead().encrypt(secret.getBytes(StandardCharsets.UTF_8), context(webhookId));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not encrypt a webhook secret", e);
    }
  }

  String open(String webhookId, byte[] sealed) {
    try {
      return new String(aead().decrypt(sealed, context(webhookId)), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a webhook secret cannot be decrypted", e);
    }
  }

  private static byte[] context(String webhookId) {
    return ("pledge webhook " + webhookId).getBytes(StandardCharsets.UTF_8);
  }

  private synchronized Aead aead() throws GeneralSecurityException {
    if (aead == null) {
      AeadConfig.register();
      aead =
          MasterKey.localFile(directory.resolve(MasterKey.FILE_NAME))
              .keyset(
                  directory.resolve(KEY_FILE),
                  "pledge webhook secrets",
                  PredefinedAeadParameters.AES256_GCM)
              .getPrimitive(RegistryConfiguration.get(), Aead.class);
    }
    return aead;
  }
}
