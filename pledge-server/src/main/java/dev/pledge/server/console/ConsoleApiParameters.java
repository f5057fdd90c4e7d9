package dev.pledge.server.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console API's query parameters are checked like its JSON fields ({@link ConsoleApiFields}): a
 * parameter the address does not take — {@code ?stauts=closed}, which would silently list the open
 * requests — is refused with 400 naming it (when it looks like a name at all). Only the query
 * string is read: a form body is the wrong Content-Type, answered 415 further on.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleApiParameters implements WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new Check()).addPathPatterns("/console/api/**");
  }

  /** The names of the {@code @RequestParam}s of a handler. */
  static List<String> parametersOf(HandlerMethod handler) {
    return Arrays.stream(handler.getMethodParameters())
        .map(p -> p.getParameterAnnotation(RequestParam.class))
        .filter(Objects::nonNull)
        .map(a -> a.name().isEmpty() ? a.value() : a.name())
        .toList();
  }

  private static final class Check implements HandlerInterceptor {
    @Override
    public boolean preHandle(
        HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
      String query = request.getQueryString();
      if (query == null || query.isEmpty() || !(handler instanceof HandlerMethod method)) {
        return true;
      }
      List<String> accepted = parametersOf(method);
      Map<String, String> errors = new LinkedHashMap<>();
      int unsafe = 0;
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String name;
        try {
          name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          unsafe++;
          continue;
        }
        if (accepted.contains(name)) {
          continue;
        }
        if (ConsoleApiFields.SAFE_NAME.matcher(name).matches()) {
          errors.put(name, unknown(accepted));
        } else {
          unsafe++;
        }
      }
      if (unsafe > 0) {
        errors.put("query", ConsoleApiFields.unnamed(unsafe, "parameter") + unknown(accepted));
      }
      if (errors.isEmpty()) {
        return true;
      }
      ApiErrors.write(response, HttpServletResponse.SC_BAD_REQUEST, errors);
      return false;
    }

    private static String unknown(List<String> accepted) {
      return accepted.isEmpty()
          ? "Unknown parameter: this address takes no query parameters."
          : "Unknown parameter: this address takes " + String.join(", ", accepted) + ".";
    }
  }
}
