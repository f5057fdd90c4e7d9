package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** An upload beyond the server's ceiling gets words, not an empty 413. */
class UploadTooLargeTest {

  @Test
  @DisplayName("an upload above every plan's size goes back to its project, which says why")
  void backToTheProject() {
    String project = "0b6f3c3e-2d4f-4d8e-9a51-5f7f1d0c9e11";
    MockHttpServletRequest upload =
        new MockHttpServletRequest(
            "POST", "/p/image-studio/images/projects/" + project + "/upload");
    assertThat(new UploadTooLarge().tooLarge(upload))
        .isEqualTo("redirect:/images/projects/" + project + "?too-large");

    Object other =
        new UploadTooLarge().tooLarge(new MockHttpServletRequest("POST", "/console/import"));
    assertThat(other).isInstanceOf(ResponseEntity.class);
    ResponseEntity<?> r = (ResponseEntity<?>) other;
    assertThat(r.getStatusCode().value()).isEqualTo(413);
    assertThat(String.valueOf(r.getBody())).contains("larger than this server accepts");
  }

  @Test
  @DisplayName(
      "an API upload above every plan's size is a 413 problem, like the API's other errors")
  void apiProblem() {
    Object api =
        new UploadTooLarge()
            .tooLarge(new MockHttpServletRequest("POST", "/p/image-studio/api/v1/images"));
    assertThat(api).isInstanceOf(ResponseEntity.class);
    ResponseEntity<?> r = (ResponseEntity<?>) api;
    assertThat(r.getStatusCode().value()).isEqualTo(413);
    assertThat(r.getHeaders().getContentType())
        .isEqualTo(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(r.getBody())
        .isEqualTo(
            java.util.Map.of(
                "type",
                "urn:pledge:api:problem:too-large",
                "title",
                "Upload too large",
                "status",
                413,
                "detail",
                "The upload is larger than this server accepts for any plan. Send a smaller"
                    + " file (PNG, JPEG or WebP within your plan's size)."));
  }
}
