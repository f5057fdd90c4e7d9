package dev.pledge.server.images;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pledge.server.WithRunningServer;
import dev.pledge.server.billing.StudioTestAccounts;
import dev.pledge.server.console.ConsoleClient;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Renaming a project: a name the studio does not take is said next to the field, not ignored. */
@WithRunningServer
class ProjectRenameTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Test
  @DisplayName(
      "renaming a project to an empty or over-long name answers 400 with the form's error next"
          + " to the field and what was typed; the name stays; a good name renames")
  void aBadNameIsSaid() throws Exception {
    StudioTestAccounts.Account account = StudioTestAccounts.create(jdbc, "Renamer", "en");
    ConsoleClient studio = ConsoleClient.anonymous(port, "127.0.21.5");
    StudioTestAccounts.signIn(studio, account);
    String csrf = ConsoleClient.csrf(studio.get("/p/image-studio/images").body());
    ConsoleClient.Response made =
        studio.post("/p/image-studio/images/projects", Map.of("name", "Holiday", "_csrf", csrf));
    assertThat(made.location()).as("the project is made: %s", made.status()).isNotNull();
    String project = made.location().replaceFirst("^https?://[^/]+", "");
    String projectId = project.substring(project.lastIndexOf('/') + 1);

    String tooLong = "x".repeat(ImagesController.NAME_MAX + 1);
    for (String bad : new String[] {"   ", "", tooLong}) {
      String pageCsrf = ConsoleClient.csrf(studio.get(project).body());
      ConsoleClient.Response r =
          studio.post(project + "/rename", Map.of("name", bad, "_csrf", pageCsrf));
      assertThat(r.status()).as("name of %d characters", bad.length()).isEqualTo(400);
      assertThat(r.body())
          .contains("class=\"field-error\"")
          .contains("Give the project a name of at most 120 characters.")
          .contains("aria-invalid=\"true\"")
          .contains("value=\"" + bad + "\"");
      assertThat(name(projectId)).isEqualTo("Holiday");
    }

    String pageCsrf = ConsoleClient.csrf(studio.get(project).body());
    ConsoleClient.Response renamed =
        studio.post(project + "/rename", Map.of("name", " Summer ", "_csrf", pageCsrf));
    assertThat(renamed.status()).isEqualTo(302);
    assertThat(name(projectId)).isEqualTo("Summer");
    assertThat(studio.get(project).body()).doesNotContain("field-error");
  }

  private String name(String projectId) {
    return jdbc.sql("select name from image_project where project_id = :id")
        .param("id", projectId)
        .query(String.class)
        .single();
  }
}
