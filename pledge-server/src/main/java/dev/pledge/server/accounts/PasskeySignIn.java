package dev.pledge.server.accounts;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthenticationRequestToken;
import org.springframework.security.web.webauthn.management.WebAuthnRelyingPartyOperations;

/**
 * Sign-in with a passkey: Spring Security's relying party checks the signature, the challenge and
 * the origin; this finds the account by the passkey's user handle. A passkey is something the
 * person has, unlocked by something they are or know, so it signs in on its own — no password, no
 * second code — and counts as a fresh second factor.
 */
final class PasskeySignIn implements AuthenticationProvider {

  private final WebAuthnRelyingPartyOperations relyingParty;
  private final PasskeyUsers users;
  private final AccountRecords accounts;

  PasskeySignIn(
      WebAuthnRelyingPartyOperations relyingParty, PasskeyUsers users, AccountRecords accounts) {
    this.relyingParty = relyingParty;
    this.users = users;
    this.accounts = accounts;
  }

  @Override
  public Authentication authenticate(Authentication authentication) {
    WebAuthnAuthenticationRequestToken token = (WebAuthnAuthenticationRequestToken) authentication;
    PublicKeyCredentialUserEntity entity;
    try {
      entity = relyingParty.authenticate(token.getWebAuthnRequest());
    } catch (RuntimeException e) {
      throw new BadCredentialsException("the passkey did not check out");
    }
    StudioAccount account =
        users
            .accountOf(entity.getId())
            .flatMap(accounts::byId)
            .orElseThrow(() -> new BadCredentialsException("no account has this passkey"));
    if (account.status() == AccountStatus.AWAITING_PARENT) {
      throw new PasswordSignIn.AwaitingParent();
    }
    if (account.status() == AccountStatus.DELETED) {
      return StudioAuthentication.restoreOnly(account.id(), StudioAuthentication.Method.PASSKEY);
    }
    return StudioAuthentication.signedIn(
        account.id(), StudioAuthentication.Method.PASSKEY, account.verified());
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return WebAuthnAuthenticationRequestToken.class.isAssignableFrom(authentication);
  }
}
