package dev.pledge.server.site;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the site's handler mapping with Spring MVC. */
@Configuration(proxyBeanMethods = false)
class SiteWebConfiguration {

  @Bean
  SiteHandlerMapping siteHandlerMapping(SiteContent content, SiteController controller) {
    return new SiteHandlerMapping(content, controller);
  }
}
