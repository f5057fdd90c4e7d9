package dev.pledge.server.billing;

import dev.pledge.server.studio.StudioRequests;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The processor's webhook endpoint has a chain of its own, before the studio's
 * ({@code @Order(50)}): no sign-in, no session, no CSRF token — the processor has none of them; the
 * endpoint checks the event's signature instead ({@link StripeWebhooks}).
 */
@Configuration(proxyBeanMethods = false)
class BillingWebhookSecurity {

  @Bean
  @Order(45)
  SecurityFilterChain billingWebhookChain(HttpSecurity http, StudioRequests studio)
      throws Exception {
    http.securityMatcher(studio.matcher("/billing/webhooks/**"))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .securityContext(c -> c.disable())
        .anonymous(a -> a.disable());
    return http.build();
  }

  /**
   * The demo's payment stand-in ({@code /demo-pay/**}, stand-in mode only) plays another company's
   * site: no studio session, no studio CSRF token, on whatever host the studio sent the person from
   * (the studio's own host included, where the studio's chain would otherwise claim it).
   */
  @Bean
  @Order(44)
  @Conditional(PaymentMode.StandIn.class)
  SecurityFilterChain billingStandInChain(HttpSecurity http) throws Exception {
    http.securityMatcher(
            PathPatternRequestMatcher.withDefaults().matcher(StandInProcessor.PATH + "/**"))
        .authorizeHttpRequests(a -> a.anyRequest().permitAll())
        .csrf(c -> c.disable())
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .securityContext(c -> c.disable())
        .anonymous(a -> a.disable())
        .headers(h -> h.frameOptions(f -> f.deny()));
    return http.build();
  }
}
