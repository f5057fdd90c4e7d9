package dev.pledge.server.studio;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * The SPI through which modules put what the studio layout needs into every studio page's model —
 * the layout's own chrome, the signed-in person for the account menu — including the error pages,
 * which Spring renders without the usual {@code @ModelAttribute} methods.
 */
public interface StudioPageModel {

  void addTo(HttpServletRequest request, Map<String, Object> model);
}
