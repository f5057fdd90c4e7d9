package dev.pledge.server;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Security for everything that is not the operator console: the properties' public pages, the
 * analytics endpoint, the published policies. No session, no cookie, no saved request — a visitor
 * of the reference site must never receive a cookie the policy does not declare. The
 * console has its own chain, ordered before this one.
 */
@Configuration(proxyBeanMethods = false)
class PublicWebSecurity {

  /**
   * Every public HTML page's content-security policy unless the page sets a stricter one of its own
   * (the site's pages, the privacy center): the server's own origin only, no inline script or
   * style, no plugins, not framed. The landing page, a property's summary page, the published
   * policy and the error pages run under it.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  @Bean
  @Order(100)
  SecurityFilterChain publicChain(HttpSecurity http, TransportSettings transport) throws Exception {
    http.authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .securityContext(c -> c.disable())
        .anonymous(a -> a.disable())
        // Public endpoints take no state-changing form posts that rely on ambient credentials:
        // there are no credentials here. Forms that need protection carry their own tokens.
        .csrf(c -> c.disable())
        .headers(
            h ->
                h.cacheControl(c -> c.disable()) // pages set their own validators (ETag)
                    // Written only when the page set none (Spring's writer checks).
                    .contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                    .httpStrictTransportSecurity(transport::hsts)
                    .frameOptions(f -> f.deny())
                    .referrerPolicy(
                        r ->
                            r.policy(
                                org.springframework.security.web.header.writers
                                    .ReferrerPolicyHeaderWriter.ReferrerPolicy
                                    .STRICT_ORIGIN_WHEN_CROSS_ORIGIN)));
    return http.build();
  }
}
