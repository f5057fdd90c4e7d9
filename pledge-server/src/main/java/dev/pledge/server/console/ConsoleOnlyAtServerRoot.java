package dev.pledge.server.console;

import dev.pledge.server.policy.CurrentProperty;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console answers at the server root only. Under a property's host or {@code /p/{id}/} prefix
 * the path {@code /console} belongs to that property, and a reader of the reference site must never
 * be offered an operator login page — nor receive its session cookie.
 */
final class ConsoleOnlyAtServerRoot extends OncePerRequestFilter {

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (CurrentProperty.of(request).isPresent()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    chain.doFilter(request, response);
  }
}
