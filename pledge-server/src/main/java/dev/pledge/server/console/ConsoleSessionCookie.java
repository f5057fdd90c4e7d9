package dev.pledge.server.console;

import jakarta.servlet.http.Cookie;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The console's session cookie, confined to {@code /console}: the console's sessions are the only
 * ones outside the studio (every other chain is stateless), so its cookie has no business being
 * sent with requests for a property's public pages. Name, HttpOnly, Secure and SameSite=Strict come
 * from {@code server.servlet.session.cookie.*}, as they did when the servlet container kept the
 * sessions; an explicitly configured path wins over this one.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSessionCookie {

  static final String PATH = "/console";
  static final String NAME = "JSESSIONID";

  /**
   * The servlet container's own session cookie, should any code ever open such a session, is
   * confined to the console as well.
   */
  @Bean
  ServletContextInitializer consoleSessionCookiePath(
      @Value("${server.servlet.session.cookie.path:}") String configuredPath) {
    return servletContext -> {
      if (configuredPath.isEmpty()) {
        servletContext.getSessionCookieConfig().setPath(PATH);
      }
    };
  }

  /** The cookie of the console's sessions (Spring Session's), as configured. */
  static DefaultCookieSerializer serializer(org.springframework.boot.web.server.Cookie configured) {
    DefaultCookieSerializer cookie = new DefaultCookieSerializer();
    cookie.setCookieName(configured.getName() == null ? NAME : configured.getName());
    cookie.setCookiePath(configured.getPath() == null ? PATH : configured.getPath());
    if (configured.getDomain() != null) {
      cookie.setDomainName(configured.getDomain());
    }
    cookie.setUseHttpOnlyCookie(!Boolean.FALSE.equals(configured.getHttpOnly()));
    if (configured.getSecure() != null) {
      cookie.setUseSecureCookie(configured.getSecure());
    }
    SameSite sameSite = configured.getSameSite();
    cookie.setSameSite(sameSite == null ? null : sameSite.attributeValue());
    cookie.setUseBase64Encoding(false);
    return cookie;
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
