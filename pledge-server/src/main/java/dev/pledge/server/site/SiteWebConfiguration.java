package dev.pledge.server.site;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Registers the site's handler mapping with Spring MVC, and puts {@link RefusedUriValve} in place
 * of Tomcat's error report, so a path Tomcat refuses still gets the site's page and headers.
 */
@Configuration(proxyBeanMethods = false)
class SiteWebConfiguration {

  @Bean
  SiteHandlerMapping siteHandlerMapping(SiteContent content, SiteController controller) {
    return new SiteHandlerMapping(content, controller);
  }

  /** Last among the customizers: Spring Boot adds an error report valve of its own first. */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> refusedUriPages(
      ObjectProvider<RefusedRequestPages> pages) {
    return factory ->
        factory.addContextCustomizers(
            context -> {
              Container host = context.getParent();
              for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                  host.getPipeline().removeValve(valve);
                }
              }
              host.getPipeline().addValve(new RefusedUriValve(pages));
              // Else the host adds Tomcat's own at start, and that one would answer first.
              if (host instanceof StandardHost standard) {
                standard.setErrorReportValveClass(RefusedUriValve.class.getName());
              }
            });
  }
}
