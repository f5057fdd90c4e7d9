package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * bench/faults/disk-full.sh filled the data directory under a running server: every upload through
 * the API was answered 500 "Internal error" (issue 18). A full disk is a 507 that says so.
 */
class ApiStorageFullTest {

  private final ApiErrors errors = new ApiErrors(new ObjectMapper());

  @Test
  @DisplayName("An API write refused with 'No space left on device' is a 507 storage-full problem")
  void storageFull() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    errors.unexpected(
        new UncheckedIOException(
            "Could not store a blob", new IOException("No space left on device")),
        new MockHttpServletRequest("POST", "/api/v1/images"),
        response);
    assertThat(response.getStatus()).isEqualTo(507);
    assertThat(response.getContentType()).startsWith("application/problem+json");
    assertThat(response.getHeader("Retry-After")).isEqualTo("300");
    assertThat(response.getContentAsString())
        .contains("storage-full")
        .contains("storage is full")
        .doesNotContain("blob");
  }

  @Test
  @DisplayName("Any other unexpected failure stays a 500 internal problem")
  void otherFailure() throws Exception {
    MockHttpServletResponse response = new MockHttpServletResponse();
    errors.unexpected(
        new UncheckedIOException(new IOException("Connection reset")),
        new MockHttpServletRequest("POST", "/api/v1/images"),
        response);
    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString()).contains("internal");
  }
}
