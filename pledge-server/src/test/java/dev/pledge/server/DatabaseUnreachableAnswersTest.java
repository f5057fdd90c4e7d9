package dev.pledge.server;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.DefaultErrorAttributes;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * bench/faults/db-down.sh stopped PostgreSQL under a running server: every page and API request
 * that needed it ended in a 500 after Hikari's 30 s wait (issue 18). Out of reach is not broken.
 */
class DatabaseUnreachableAnswersTest {

  private final ErrorResponses responses =
      new ErrorResponses(
          new DefaultErrorAttributes(),
          new ServerProperties(),
          new StaticListableBeanFactory().getBeanProvider(ErrorViewResolver.class));

  private static MockHttpServletRequest failed(Throwable error) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
    request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 500);
    request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, error);
    return request;
  }

  private static Throwable noConnection() {
    return new CannotGetJdbcConnectionException(
        "Failed to obtain JDBC Connection",
        new SQLTransientConnectionException(
            "HikariPool-1 - Connection is not available, request timed out after 30000ms"));
  }

  @Test
  @DisplayName("A request that failed for want of a database connection is a 503 with Retry-After")
  void apiAnswer() {
    ResponseEntity<Map<String, Object>> answer = responses.error(failed(noConnection()));
    assertThat(answer.getStatusCode().value()).isEqualTo(503);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("30");
    assertThat(answer.getBody().toString())
        .contains("unavailable for a moment")
        .doesNotContain("Hikari")
        .doesNotContain("JDBC");
  }

  @Test
  @DisplayName("The error page for a database out of reach is a 503 with Retry-After too")
  void page() {
    MockHttpServletResponse response = new MockHttpServletResponse();
    responses.errorHtml(failed(noConnection()), response);
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("30");
  }

  @Test
  @DisplayName("Any other failure stays a 500, without Retry-After")
  void otherFailures() {
    ResponseEntity<Map<String, Object>> answer =
        responses.error(failed(new IllegalStateException("a bug")));
    assertThat(answer.getStatusCode().value()).isEqualTo(500);
    assertThat(answer.getHeaders().getFirst("Retry-After")).isNull();
  }
}
