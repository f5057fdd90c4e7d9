package dev.pledge.server.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pledge.server.studio.Studio;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.web.webauthn.api.CredentialRecord;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialCreationOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRequestOptions;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialRpEntity;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialCreationOptionsRequest;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialRequestOptionsRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyAuthenticationRequest;
import org.springframework.security.web.webauthn.management.RelyingPartyRegistrationRequest;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;
import org.springframework.security.web.webauthn.management.Webauthn4JRelyingPartyOperations;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The studio as a WebAuthn relying party under whichever of its names the browser used: a passkey
 * is bound to a host name (its "RP ID"), and the studio answers as {@code studio.example.com}, as
 * {@code image-studio.localhost} and, under the {@code /p/image-studio/} prefix, as {@code
 * localhost}. Each name gets Spring Security's own relying party (webauthn4j), made on first use,
 * accepting only the origins of that name. A host that is none of these is refused, so a page
 * elsewhere can never ask for the studio's passkeys.
 */
final class HostRelyingParty implements WebAuthnRelyingPartyOperations {

  private final Studio studio;
  private final PasskeyUsers users;
  private final PasskeyCredentials credentials;
  private final Cache<String, WebAuthnRelyingPartyOperations> byOrigin =
      Caffeine.newBuilder().maximumSize(100).build();

  HostRelyingParty(Studio studio, PasskeyUsers users, PasskeyCredentials credentials) {
    this.studio = studio;
    this.users = users;
    this.credentials = credentials;
  }

  private WebAuthnRelyingPartyOperations current() {
    if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a)) {
      throw new IllegalStateException("passkeys are used from a studio request only");
    }
    HttpServletRequest request = a.getRequest();
    String host = request.getServerName().toLowerCase(Locale.ROOT);
    boolean ours =
        studio.property().domains().stream().anyMatch(d -> d.equalsIgnoreCase(host))
            || host.equals(studio.property().localHost())
            || host.equals("localhost");
    if (!ours) {
      throw new IllegalStateException("passkeys are offered on the studio's own host names only");
    }
    int port = request.getServerPort();
    boolean defaultPort =
        ("http".equals(request.getScheme()) && port == 80)
            || ("https".equals(request.getScheme()) && port == 443);
    String origin = request.getScheme() + "://" + host + (defaultPort ? "" : ":" + port);
    return byOrigin.get(origin, o -> relyingParty(host, o));
  }

  private WebAuthnRelyingPartyOperations relyingParty(String host, String origin) {
    Set<String> origins = new LinkedHashSet<>();
    origins.add(origin);
    origins.add("https://" + host); // behind a proxy that ends TLS, the browser's origin is https
    return new Webauthn4JRelyingPartyOperations(
        users,
        credentials,
        PublicKeyCredentialRpEntity.builder().id(host).name(studio.property().name()).build(),
        origins);
  }

  @Override
  public PublicKeyCredentialCreationOptions createPublicKeyCredentialCreationOptions(
      PublicKeyCredentialCreationOptionsRequest request) {
    return current().createPublicKeyCredentialCreationOptions(request);
  }

  @Override
  public CredentialRecord registerCredential(RelyingPartyRegistrationRequest request) {
    return current().registerCredential(request);
  }

  @Override
  public PublicKeyCredentialRequestOptions createCredentialRequestOptions(
      PublicKeyCredentialRequestOptionsRequest request) {
    return current().createCredentialRequestOptions(request);
  }

  @Override
  public PublicKeyCredentialUserEntity authenticate(RelyingPartyAuthenticationRequest request) {
    return current().authenticate(request);
  }
}
