package dev.pledge.server.blobs;

import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import dev.pledge.server.PledgeSettings;
import dev.pledge.server.keys.KeyProbes;
import dev.pledge.server.keys.MasterKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At start, before the web server and the jobs: the master key and the key of the audit trail's
 * subject references — the two every personal keyset depends on — are the ones the database was
 * written with ({@link KeyProbes}). Both are created now if this is the first start, so that a copy
 * of {@code {data-dir}/keys/} taken after it holds them. CLI commands are left alone: an auditor's
 * {@code pledge audit verify} needs no keys.
 */
@Component
class SharedKeysCheck implements SmartInitializingSingleton {

  private static final byte[] CONTEXT = "pledge key probe".getBytes(StandardCharsets.UTF_8);

  private final PersonalKeys keys;
  private final JdbcClient jdbc;
  private final PledgeSettings settings;

  SharedKeysCheck(PersonalKeys keys, JdbcClient jdbc, PledgeSettings settings) {
    this.keys = keys;
    this.jdbc = jdbc;
    this.settings = settings;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (settings.maintenance()) {
      return;
    }
    String dir = settings.dataDir().resolve("keys").toString();
    KeyProbes.check(
        jdbc,
        "master",
        dir + "/" + MasterKey.FILE_NAME,
        new KeyProbes.Probe() {
          @Override
          public byte[] make() throws GeneralSecurityException {
            return keys.master()
                .wrap(KeysetHandle.generateNew(PredefinedAeadParameters.AES128_GCM), CONTEXT);
          }

          @Override
          public boolean matches(byte[] stored) {
            try {
              keys.master().unwrap(stored, CONTEXT);
              return true;
            } catch (GeneralSecurityException e) {
              return false;
            }
          }
        });
    byte[] reference = keys.subjectReference("pledge key probe").getBytes(StandardCharsets.UTF_8);
    KeyProbes.check(
        jdbc,
        "audit-subject",
        dir + "/audit-subject.json",
        new KeyProbes.Probe() {
          @Override
          public byte[] make() {
            return reference;
          }

          @Override
          public boolean matches(byte[] stored) {
            return Arrays.equals(stored, reference);
          }
        });
  }
}
