package dev.pledge.server.studio;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/** Registers the studio's handler mappings and the server's locale resolver with Spring MVC. */
@Configuration(proxyBeanMethods = false)
class StudioWebConfiguration {

  @Bean
  StudioHandlerMapping studioHandlerMapping(Studio studio) {
    return new StudioHandlerMapping(studio);
  }

  @Bean
  StudioNotFoundMapping studioNotFoundMapping(Studio studio, StudioErrorPages pages)
      throws NoSuchMethodException {
    return new StudioNotFoundMapping(studio, pages);
  }

  @Bean(name = DispatcherServlet.LOCALE_RESOLVER_BEAN_NAME)
  StudioLocaleResolver localeResolver(Studio studio, List<StudioLanguagePreference> preferences) {
    return new StudioLocaleResolver(studio, preferences);
  }
}
