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

  @Bean
  @Order(100)
  SecurityFilterChain publicChain(HttpSecurity http) throws Exception {
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
