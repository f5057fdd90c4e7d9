package dev.pledge.server.consent;

import dev.pledge.server.studio.StudioHeaders;
import dev.pledge.server.studio.StudioRequests;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The banner's endpoints on the studio: open to every visitor, signed in or not. The studio's
 * session is read (a signed-in person's receipt names their account) but never created for an
 * anonymous choice; writes are checked to come from the studio's own pages ({@link SameOriginPost})
 * instead of by a CSRF token. Ordered before the studio's chain ({@code @Order(50)}).
 */
@Configuration(proxyBeanMethods = false)
class ConsentSecurity {

  @Bean
  @Order(45)
  SecurityFilterChain consentChain(HttpSecurity http, StudioRequests studio) throws Exception {
    http.securityMatcher(
            new OrRequestMatcher(
                studio.matcher(ConsentController.RECORD), studio.matcher(ConsentController.CONFIG)))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .requestCache(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
        .headers(
            h ->
                h.contentSecurityPolicy(
                        c -> c.policyDirectives(StudioHeaders.CONTENT_SECURITY_POLICY))
                    .frameOptions(f -> f.deny()));
    return http.build();
  }
}
