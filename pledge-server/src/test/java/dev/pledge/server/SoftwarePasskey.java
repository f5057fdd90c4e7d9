package dev.pledge.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * A passkey made in the test, as an authenticator would: an ES256 key pair and the "none"
 * attestation of it for a registration challenge, in the JSON the studio's script posts. Used where
 * the requests of a ceremony go through plain HTTP rather than a browser.
 */
final class SoftwarePasskey {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  final byte[] credentialId = new byte[32];
  private final KeyPair keys;

  SoftwarePasskey() throws Exception {
    new SecureRandom().nextBytes(credentialId);
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    keys = g.generateKeyPair();
  }

  /**
   * The body of {@code POST /webauthn/register}: this passkey's attestation for the {@code
   * challenge} (base64url) of relying party {@code rpId}, made in a page of {@code origin}.
   */
  String registration(String rpId, String origin, String challenge, String label) throws Exception {
    byte[] rpIdHash =
        MessageDigest.getInstance("SHA-256").digest(rpId.getBytes(StandardCharsets.UTF_8));
    byte flags = (byte) (0x01 | 0x04 | 0x40); // user present, user verified, credential data
    AuthenticatorData<?> data =
        new AuthenticatorData<>(
            rpIdHash,
            flags,
            0,
            new AttestedCredentialData(
                AAGUID.ZERO,
                credentialId,
                EC2COSEKey.create((ECPublicKey) keys.getPublic(), COSEAlgorithmIdentifier.ES256)));
    @SuppressWarnings({"unchecked", "rawtypes"})
    AttestationObject attestation =
        new AttestationObject((AuthenticatorData) data, new NoneAttestationStatement());
    byte[] attestationObject =
        new AttestationObjectConverter(new ObjectConverter()).convertToBytes(attestation);
    ObjectNode client = JSON.createObjectNode();
    client.put("type", "webauthn.create");
    client.put("challenge", challenge);
    client.put("origin", origin);
    client.put("crossOrigin", false);

    ObjectNode body = JSON.createObjectNode();
    ObjectNode publicKey = body.putObject("publicKey");
    ObjectNode credential = publicKey.putObject("credential");
    credential.put("id", B64.encodeToString(credentialId));
    credential.put("rawId", B64.encodeToString(credentialId));
    ObjectNode response = credential.putObject("response");
    response.put("attestationObject", B64.encodeToString(attestationObject));
    response.put("clientDataJSON", B64.encodeToString(JSON.writeValueAsBytes(client)));
    response.putArray("transports").add("internal");
    credential.put("type", "public-key");
    credential.putObject("clientExtensionResults");
    credential.put("authenticatorAttachment", "platform");
    publicKey.put("label", label);
    return JSON.writeValueAsString(body);
  }
}
