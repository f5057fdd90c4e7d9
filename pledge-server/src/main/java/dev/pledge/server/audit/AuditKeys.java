package dev.pledge.server.audit;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.PublicKeySign;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.prf.PredefinedPrfParameters;
import com.google.crypto.tink.prf.PrfConfig;
import com.google.crypto.tink.prf.PrfSet;
import com.google.crypto.tink.signature.Ed25519Parameters;
import com.google.crypto.tink.signature.Ed25519PublicKey;
import com.google.crypto.tink.signature.SignatureConfig;
import com.google.crypto.tink.subtle.Ed25519Verify;
import dev.pledge.server.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The audit trail's two secrets, each a Tink keyset wrapped by the {@link MasterKey} under {@code
 * {data-dir}/keys/}, created on first use: the Ed25519 key that signs checkpoints ({@code
 * audit-signing.json}; its public half goes into the database and every export), and the
 * HMAC-SHA256 key that turns a subject id into a pseudonymous reference ({@code
 * audit-subject.json}). Commands that only read the trail never touch them.
 */
final class AuditKeys {

  static final String SIGNING_FILE = "audit-signing.json";
  static final String SUBJECT_FILE = "audit-subject.json";

  static {
    try {
      SignatureConfig.register();
      PrfConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink signatures are unavailable", e);
    }
  }

  /** Signs checkpoints. */
  record Signer(String fingerprint, String publicKeyHex, PublicKeySign sign) {
    String signHex(byte[] message) {
      try {
        return AuditEncoding.hex(sign.sign(message));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Could not sign an audit checkpoint", e);
      }
    }
  }

  private final Path directory;
  private MasterKey master;
  private Signer signer;
  private PrfSet subjectPrf;

  AuditKeys(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  synchronized Signer signer() {
    if (signer == null) {
      try {
        KeysetHandle handle =
            master()
                .keyset(
                    directory.resolve(SIGNING_FILE),
                    "pledge audit checkpoint signing",
                    Ed25519Parameters.create(Ed25519Parameters.Variant.NO_PREFIX));
        Ed25519PublicKey pub =
            (Ed25519PublicKey) handle.getPublicKeysetHandle().getPrimary().getKey();
        byte[] publicKey = pub.getPublicKeyBytes().toByteArray();
        signer =
            new Signer(
                fingerprint(publicKey),
                AuditEncoding.hex(publicKey),
                handle.getPrimitive(RegistryConfiguration.get(), PublicKeySign.class));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("The audit signing key cannot be used", e);
      }
    }
    return signer;
  }

  /** The keyed hash (HMAC-SHA256, hex) that stands for a subject in the trail. */
  String subjectReference(String subjectId) {
    try {
      return AuditEncoding.hex(
          subjectPrf().computePrimary(subjectId.getBytes(StandardCharsets.UTF_8), 32));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The audit subject key cannot be used", e);
    }
  }

  private synchronized PrfSet subjectPrf() throws GeneralSecurityException {
    if (subjectPrf == null) {
      subjectPrf =
          master()
              .keyset(
                  directory.resolve(SUBJECT_FILE),
                  "pledge audit subject reference",
                  PredefinedPrfParameters.HMAC_SHA256_PRF)
              .getPrimitive(RegistryConfiguration.get(), PrfSet.class);
    }
    return subjectPrf;
  }

  private synchronized MasterKey master() {
    if (master == null) {
      master = MasterKey.localFile(directory.resolve(MasterKey.FILE_NAME));
    }
    return master;
  }

  static String fingerprint(byte[] publicKey) {
    return AuditEncoding.sha256Hex(publicKey);
  }

  /** True when {@code signatureHex} is {@code publicKeyHex}'s Ed25519 signature of the message. */
  static boolean verifies(String publicKeyHex, String signatureHex, byte[] message) {
    try {
      new Ed25519Verify(AuditEncoding.unhex(publicKeyHex))
          .verify(AuditEncoding.unhex(signatureHex), message);
      return true;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
