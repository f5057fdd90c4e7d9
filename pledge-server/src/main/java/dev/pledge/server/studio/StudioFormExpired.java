package dev.pledge.server.studio;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Lazy;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/**
 * The studio's answer to a form posted without a valid CSRF token (an old tab, a token that changed
 * at sign-in): 403 with the studio's "the form expired, reload and try again" page in its layout
 * and the reader's language, or problem details for the studio's scripts (which ask for JSON). It
 * is written from Spring Security's filter, before any controller, so it renders the view itself.
 */
@Component
public class StudioFormExpired {

  private final ThymeleafViewResolver views;
  private final StudioLayout layout;
  private final StudioLocaleResolver locales;
  private final MessageSource messages;
  private final ObjectMapper json;

  StudioFormExpired(
      @Lazy ThymeleafViewResolver views,
      @Lazy StudioLayout layout,
      StudioLocaleResolver locales,
      MessageSource messages,
      ObjectMapper json) {
    this.views = views;
    this.layout = layout;
    this.locales = locales;
    this.messages = messages;
    this.json = json;
  }

  /** Writes the 403. */
  public void answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Locale locale = locales.resolveLocale(request);
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    if (wantsJson(request)) {
      String detail = messages.getMessage("error.form-expired.lead", null, locale);
      Map<String, Object> problem = new LinkedHashMap<>();
      problem.put("type", "about:blank");
      problem.put("title", messages.getMessage("error.form-expired.title", null, locale));
      problem.put("status", HttpServletResponse.SC_FORBIDDEN);
      problem.put("detail", detail);
      // What the studio's own scripts show from a refusal.
      problem.put("error", detail);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      response.setCharacterEncoding("UTF-8");
      response.getOutputStream().write(json.writeValueAsBytes(problem));
      return;
    }
    // Outside the DispatcherServlet: the studio's language comes from its resolver all the same.
    request.setAttribute(DispatcherServlet.LOCALE_RESOLVER_ATTRIBUTE, locales);
    try {
      View view = views.resolveViewName("studio/form-expired", locale);
      if (view == null) {
        throw new IllegalStateException("no view studio/form-expired");
      }
      response.setLocale(locale);
      view.render(layout.model(request), request, response);
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the studio's form-expired page did not render", e);
    }
  }

  /** A script (it asks for JSON, not a page). */
  private static boolean wantsJson(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("json") && !accept.contains("text/html");
  }
}
