package dev.pledge.server.devapi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Standard Webhooks signing: {@code webhook-signature: v1,base64(HMAC-SHA256(key, id + "." +
 * timestamp + "." + body))}, the key being the base64 after {@code whsec_}.
 */
final class WebhookSigner {

  private WebhookSigner() {}

  static String sign(String secret, String id, long timestamp, String body) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring(WebhookSecrets.PREFIX.length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig =
          mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
