package dev.pledge.server.support;

import dev.pledge.server.studio.StudioHeaders;
import dev.pledge.server.studio.StudioRequests;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The studio pages a marketing e-mail's links open: one-click unsubscribe and the subscription's
 * confirmation. Both are authorised by the unguessable token they carry, not by a session, so they
 * work from any mail client or device: no session is read or made, and there is no CSRF token to
 * send — RFC 8058 requires the unsubscribe POST to work without one. Ordered before the studio's
 * chain ({@code @Order(50)}), with the studio's content-security policy.
 */
@Configuration(proxyBeanMethods = false)
class MarketingSecurity {

  @Bean
  @Order(40)
  SecurityFilterChain marketingLinksChain(HttpSecurity http, StudioRequests studio)
      throws Exception {
    http.securityMatcher(
            new OrRequestMatcher(
                studio.matcher(UnsubscribeController.PATH + "/*"),
                studio.matcher(MarketingController.CONFIRM)))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .headers(
            h ->
                h.contentSecurityPolicy(
                        c -> c.policyDirectives(StudioHeaders.CONTENT_SECURITY_POLICY))
                    .frameOptions(f -> f.deny())
                    .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER))
                    .permissionsPolicyHeader(p -> p.policy(StudioHeaders.PERMISSIONS_POLICY)));
    return http.build();
  }
}
