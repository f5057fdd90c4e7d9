package dev.pledge.server.accounts;

import java.io.Serial;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is on a studio session and how far they got: past the password but not yet the second factor
 * ({@link #PASSWORD}), signed in ({@link #ACCOUNT}), with a verified address ({@link #VERIFIED}),
 * or signed in to a deleted account that can only be restored ({@link #RESTORE}). The name is the
 * account id, so nothing personal is ever the "user name" Spring Security logs or events carry.
 */
final class StudioAuthentication extends AbstractAuthenticationToken {

  @Serial private static final long serialVersionUID = 1L;

  static final String PASSWORD = "STUDIO_PASSWORD";
  static final String ACCOUNT = "STUDIO_ACCOUNT";
  static final String VERIFIED = "STUDIO_VERIFIED";
  static final String RESTORE = "STUDIO_RESTORE";

  /** How the person proved who they are. */
  enum Method {
    PASSWORD,
    PASSKEY
  }

  private final String accountId;
  private final Method method;

  private StudioAuthentication(
      String accountId, Method method, Collection<? extends GrantedAuthority> authorities) {
    super(authorities);
    this.accountId = accountId;
    this.method = method;
    setAuthenticated(true);
  }

  /** Past the password; the second factor is still to come. */
  static StudioAuthentication passwordOnly(String accountId) {
    return new StudioAuthentication(accountId, Method.PASSWORD, authorities(PASSWORD));
  }

  /** Signed in; {@code verified} when the address is confirmed. */
  static StudioAuthentication signedIn(String accountId, Method method, boolean verified) {
    return new StudioAuthentication(
        accountId,
        method,
        verified ? authorities(PASSWORD, ACCOUNT, VERIFIED) : authorities(PASSWORD, ACCOUNT));
  }

  /** Signed in to a deleted account: the only thing to do is restore it (or leave). */
  static StudioAuthentication restoreOnly(String accountId, Method method) {
    return new StudioAuthentication(accountId, method, authorities(RESTORE));
  }

  private static List<GrantedAuthority> authorities(String... names) {
    return java.util.Arrays.stream(names)
        .map(n -> (GrantedAuthority) new SimpleGrantedAuthority(n))
        .toList();
  }

  String accountId() {
    return accountId;
  }

  Method method() {
    return method;
  }

  boolean has(String authority) {
    return getAuthorities().stream().anyMatch(a -> authority.equals(a.getAuthority()));
  }

  /** Fully signed in (second factor done, account not deleted). */
  boolean signedIn() {
    return has(ACCOUNT);
  }

  Set<String> names() {
    return getAuthorities().stream()
        .map(GrantedAuthority::getAuthority)
        .collect(java.util.stream.Collectors.toSet());
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public Object getPrincipal() {
    return accountId;
  }

  @Override
  public String getName() {
    return accountId;
  }
}
