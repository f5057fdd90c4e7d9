package dev.pledge.server.images;

import dev.pledge.server.studio.StudioHeaders;
import dev.pledge.server.studio.StudioRequests;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Public image pages ({@code /s/{token}}, B-28): open to anyone with the link, read-only, and
 * stateless — no session, no CSRF cookie, no cookie at all — ahead of the studio's own chain. The
 * link's token is in the path: the referrer policy keeps it from leaking to other sites.
 */
@Configuration(proxyBeanMethods = false)
class PublicShareSecurity {

  @Bean
  @Order(45)
  SecurityFilterChain publicImageChain(HttpSecurity http, StudioRequests studio) throws Exception {
    http.securityMatcher(studio.matcher("/s/**"))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable()) // GET only: nothing to forge
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .securityContext(c -> c.disable())
        .requestCache(c -> c.disable())
        .anonymous(a -> a.disable())
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
