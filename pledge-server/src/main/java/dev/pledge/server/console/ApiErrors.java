package dev.pledge.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The console API's answers to what it cannot do, in the one documented shape: {@code {"errors":
 * {field: what is wrong and how to fix it}}}. The messages are fixed sentences: nothing a client
 * sent is echoed back or logged.
 */
final class ApiErrors {

  static final String PREFIX = "/console/api/";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiErrors() {}

  static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.startsWith(PREFIX);
  }

  static Map<String, Object> body(String field, String message) {
    Map<String, String> errors = new LinkedHashMap<>();
    errors.put(field, message);
    return Map.of("errors", errors);
  }

  static void write(HttpServletResponse response, int status, String field, String message)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    response.setHeader("Cache-Control", "no-store");
    JSON.writeValue(response.getOutputStream(), body(field, message));
  }
}
