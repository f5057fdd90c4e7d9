package dev.pledge.server.keys;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * The key that wraps every other key Pledge keeps: the audit signing key and subject-hash key now,
 * and the per-person keysets of crypto-shredding ({@code PersonalKeys}). By default a Tink
 * AES-256-GCM keyset in a local file ({@code {data-dir}/keys/master.json}, mode 0600), created on
 * first use; a KMS can stand in for it later by providing another {@link Aead}. Losing this file
 * makes every key it wraps unreadable; it is never logged.
 *
 * <p>Wrapped keysets are Tink's encrypted JSON keyset format, bound to a purpose (associated data)
 * so that a keyset cannot be swapped for another one stored for a different use.
 */
public final class MasterKey {

  public static final String FILE_NAME = "master.json";

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Tink AEAD is unavailable", e);
    }
  }

  private final Aead aead;

  private MasterKey(Aead aead) {
    this.aead = aead;
  }

  /** The master key in {@code file}, created with a fresh random key when it does not exist. */
  public static MasterKey localFile(Path file) {
    try {
      String json = SecretFile.read(file).orElse(null);
      if (json == null) {
        KeysetHandle fresh = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
        json =
            SecretFile.createOnce(
                file,
                TinkJsonProtoKeysetFormat.serializeKeyset(fresh, InsecureSecretKeyAccess.get()));
      }
      KeysetHandle handle =
          TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
      return new MasterKey(handle.getPrimitive(RegistryConfiguration.get(), Aead.class));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "The master key "
              + file
              + " is not a valid Tink keyset. Restore it from a backup; without it the keys it"
              + " wraps cannot be read.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read or create the master key "
              + file
              + " ("
              + e.getMessage()
              + "): make the data directory writable (--data-dir)",
          e);
    }
  }

  /** The keyset wrapped in {@code file} for {@code purpose}, created from {@code parameters}. */
  public KeysetHandle keyset(Path file, String purpose, Parameters parameters) {
    byte[] context = purpose.getBytes(StandardCharsets.UTF_8);
    try {
      String json = SecretFile.read(file).orElse(null);
      if (json == null) {
        KeysetHandle fresh = KeysetHandle.generateNew(parameters);
        json =
            SecretFile.createOnce(
                file, TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(fresh, aead, context));
      }
      return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, aead, context);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "The key "
              + file
              + " cannot be unwrapped with the master key: it was made with another master key,"
              + " or it was altered. Restore both from the same backup.",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot read or create the key " + file + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * {@code keyset} encrypted for storage outside a file (a database row), bound to {@code context}:
   * unwrapping needs the same context, so a wrapped keyset copied to another row is refused.
   */
  public byte[] wrap(KeysetHandle keyset, byte[] context) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, aead, context);
  }

  /** The keyset {@link #wrap} encrypted with {@code context}. */
  public KeysetHandle unwrap(byte[] wrapped, byte[] context) throws GeneralSecurityException {
    return TinkProtoKeysetFormat.parseEncryptedKeyset(wrapped, aead, context);
  }
}
