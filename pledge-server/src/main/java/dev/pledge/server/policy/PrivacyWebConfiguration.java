package dev.pledge.server.policy;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Wires the routing filter ahead of everything else, security included. */
@Configuration(proxyBeanMethods = false)
class PrivacyWebConfiguration {

  @Bean
  FilterRegistrationBean<PropertyRoutingFilter> propertyRoutingFilter(PolicyCatalog catalog) {
    var registration = new FilterRegistrationBean<>(new PropertyRoutingFilter(catalog));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    registration.addUrlPatterns("/*");
    return registration;
  }
}
