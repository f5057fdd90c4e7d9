package dev.pledge.server.devapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.studio.StudioRequests;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The API's own chain, before the studio's ({@code @Order(50)}): stateless — no session is read or
 * made, so a studio cookie never authenticates an API call — and without CSRF tokens, which guard
 * cookie-authenticated forms; a bearer key cannot be sent by another site's page. {@link ApiGate}
 * does the authentication.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

  @Bean
  @Order(42)
  SecurityFilterChain apiChain(
      HttpSecurity http,
      StudioRequests studio,
      ApiKeys keys,
      RateLimits limits,
      ApiUsage usage,
      ObjectMapper json,
      dev.pledge.server.accounts.TeamAccess teams,
      ApiAccounts accounts)
      throws Exception {
    http.securityMatcher(studio.matcher("/api/v1/**"))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .securityContext(c -> c.disable())
        .anonymous(a -> a.disable())
        .addFilterBefore(
            new ApiGate(keys, limits, usage, json, teams, accounts), AuthorizationFilter.class)
        .headers(
            h ->
                h.contentSecurityPolicy(
                        c ->
                            c.policyDirectives(
                                dev.pledge.server.studio.StudioHeaders.CONTENT_SECURITY_POLICY))
                    .frameOptions(f -> f.deny())
                    // The reference page is HTML too; like the studio's pages, same origin only.
                    .referrerPolicy(
                        r ->
                            r.policy(
                                org.springframework.security.web.header.writers
                                    .ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
    return http.build();
  }

  /**
   * springdoc's own endpoint ({@code springdoc.api-docs.path}, the same path as the document)
   * answers on every host; the document is served by {@link OpenApiEndpoints} on the studio's only,
   * so springdoc's is closed wherever the request is not the studio's (and its old default path
   * too).
   */
  @Bean
  @Order(41)
  SecurityFilterChain springdocClosed(HttpSecurity http, StudioRequests studio) throws Exception {
    var paths =
        org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher
            .withDefaults();
    http.securityMatcher(
            new org.springframework.security.web.util.matcher.OrRequestMatcher(
                paths.matcher("/v3/api-docs/**"),
                new org.springframework.security.web.util.matcher.AndRequestMatcher(
                    new org.springframework.security.web.util.matcher.OrRequestMatcher(
                        paths.matcher(OpenApiEndpoints.DOC + "/**"),
                        paths.matcher(OpenApiEndpoints.DOC + ".yaml")),
                    new org.springframework.security.web.util.matcher.NegatedRequestMatcher(
                        studio))))
        .authorizeHttpRequests(a -> a.anyRequest().denyAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .securityContext(c -> c.disable())
        .anonymous(a -> a.disable());
    return http.build();
  }
}
