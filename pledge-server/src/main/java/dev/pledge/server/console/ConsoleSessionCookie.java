package dev.pledge.server.console;

import jakarta.servlet.http.Cookie;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Confines the servlet session cookie to {@code /console}. The console is the only part of the
 * server that keeps sessions (every other chain is stateless), so its cookie has no business being
 * sent with requests for a property's public pages. HttpOnly, Secure and SameSite=Strict come from
 * {@code server.servlet.session.cookie.*}; an explicitly configured path wins over this one.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSessionCookie {

  static final String PATH = "/console";
  static final String NAME = "JSESSIONID";

  @Bean
  ServletContextInitializer consoleSessionCookiePath(
      @Value("${server.servlet.session.cookie.path:}") String configuredPath) {
    return servletContext -> {
      if (configuredPath.isEmpty()) {
        servletContext.getSessionCookieConfig().setPath(PATH);
      }
    };
  }

  /** The cookie that, sent back on sign-out, makes the browser forget the session at once. */
  static Cookie expired(String name) {
    Cookie cookie = new Cookie(name, "");
    cookie.setPath(PATH);
    cookie.setMaxAge(0);
    cookie.setHttpOnly(true);
    cookie.setSecure(true);
    cookie.setAttribute("SameSite", "Strict");
    return cookie;
  }
}
