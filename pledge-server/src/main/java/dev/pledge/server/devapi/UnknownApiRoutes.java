package dev.pledge.server.devapi;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every request under /api/v1 no route of the API takes: a problem, not the studio's HTML page.
 * This catch-all matches any method and body type, so Spring never gets to say 405 or 415 for the
 * API's own paths; it says them here instead — {@code PUT /images} is a path the API serves with
 * other methods, and {@code POST /edits} as text/plain one it serves with another body type, not
 * "no such route".
 */
@dev.pledge.server.studio.StudioController
@RequestMapping("/api/v1")
@ResponseBody
@Hidden
class UnknownApiRoutes implements ApiEndpoint {

  private final ApplicationContext context;

  UnknownApiRoutes(ApplicationContext context) {
    this.context = context;
  }

  @RequestMapping("/**")
  void unknown(HttpServletRequest request) {
    TreeSet<String> allowed = new TreeSet<>();
    boolean otherBody = false;
    // The studio's own mapping (the API's controllers are studio controllers), looked up at the
    // request rather than injected: it is built from the controllers, this one included.
    RequestMappingHandlerMapping mappings =
        context.getBean("studioHandlerMapping", RequestMappingHandlerMapping.class);
    for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
      RequestMappingInfo info = e.getKey();
      if (!ApiEndpoint.class.isAssignableFrom(e.getValue().getBeanType())
          || e.getValue().getBeanType() == UnknownApiRoutes.class
          || info.getPathPatternsCondition() == null
          || info.getPathPatternsCondition().getMatchingCondition(request) == null) {
        continue;
      }
      if (info.getMethodsCondition().getMatchingCondition(request) == null) {
        info.getMethodsCondition().getMethods().forEach(m -> allowed.add(m.name()));
      } else if (info.getConsumesCondition().getMatchingCondition(request) == null) {
        otherBody = true;
      }
    }
    if (otherBody) {
      throw new ApiProblem(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "Send the documented Content-Type (application/json, or multipart/form-data for"
              + " uploads).");
    }
    if (!allowed.isEmpty()) {
      String allow = String.join(", ", allowed);
      throw new ApiProblem(
              405,
              "method-not-allowed",
              "Method not allowed",
              request.getMethod() + " is not allowed here; this path takes " + allow + ".")
          .allow(allow);
    }
    throw noSuchRoute();
  }

  static ApiProblem noSuchRoute() {
    return new ApiProblem(
        404, "no-such-route", "No such route", "See GET /api/v1/openapi.json for the routes.");
  }
}
