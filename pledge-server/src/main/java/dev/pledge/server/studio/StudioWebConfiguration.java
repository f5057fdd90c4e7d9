package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerInterceptor;

/** Registers the studio's handler mappings and the server's locale resolver with Spring MVC. */
@Configuration(proxyBeanMethods = false)
class StudioWebConfiguration {

  @Bean
  StudioHandlerMapping studioHandlerMapping(
      Studio studio, ObjectProvider<StudioInterceptor> interceptors) {
    StudioHandlerMapping mapping = new StudioHandlerMapping(studio);
    // Looked up per request, so a module's interceptor may depend on beans made after MVC's.
    mapping.setInterceptors(
        new HandlerInterceptor() {
          @Override
          public boolean preHandle(
              HttpServletRequest request, HttpServletResponse response, Object handler)
              throws Exception {
            for (StudioInterceptor i : interceptors.orderedStream().toList()) {
              if (!i.preHandle(request, response, handler)) {
                return false;
              }
            }
            return true;
          }
        });
    return mapping;
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
