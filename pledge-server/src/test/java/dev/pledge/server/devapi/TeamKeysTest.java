package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.images.TestImages;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * B-12 B-14 team keys: a key made for a team reaches that team's projects and nothing of its
 * maker's own, uploads only into the team's projects (before the fix it could upload into its
 * maker's own project), and stops working when its maker leaves the team.
 */
@WithRunningServer
class TeamKeysTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final EnumSet<ApiKeys.Scope> ALL =
      EnumSet.of(ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE);

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;

  @Test
  @DisplayName(
      "B-12 B-14 a team key reaches its team's projects only, and not after its maker left")
  void teamKey() throws Exception {
    ApiClient api = new ApiClient(port);
    String owner = ApiClient.account(jdbc, "Tove");
    String member = ApiClient.account(jdbc, "Uma");
    String team = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into studio_team (team_id, account_id, name, created_at) values (:t, :a, 'Co', now())")
        .param("t", team)
        .param("a", owner)
        .update();
    member(team, owner, "owner");
    member(team, member, "member");
    String teamProject = UUID.randomUUID().toString();
    jdbc.sql(
            "insert into image_project (project_id, account_id, team_id, name, created_at)"
                + " values (:p, :a, :t, 'Shared', now())")
        .param("p", teamProject)
        .param("a", owner)
        .param("t", team)
        .update();

    String teamKey = keys.create(owner, team, "team", ALL, null).secret();
    String ownKey = keys.create(owner, null, "own", ALL, null).secret();
    String memberKey = keys.create(member, null, "member", ALL, null).secret();

    String teamImage = id(upload(api, teamKey, teamProject));
    String ownImage = id(upload(api, ownKey, null));
    String ownProject =
        JSON.readTree(api.get(ownKey, "/images/" + ownImage).body()).get("project").asText();

    assertThat(ids(api.get(teamKey, "/images"))).containsExactly(teamImage);
    assertThat(api.get(teamKey, "/images/" + ownImage).statusCode()).isEqualTo(404);
    assertThat(api.get(teamKey, "/images/" + ownImage + "/content").statusCode()).isEqualTo(404);
    assertThat(api.delete(teamKey, "/images/" + ownImage).statusCode()).isEqualTo(404);
    assertThat(upload(api, teamKey, ownProject).statusCode())
        .as("a team key cannot upload into its maker's own project")
        .isEqualTo(404);
    assertThat(upload(api, teamKey, null).statusCode())
        .as("a team key names one of its team's projects")
        .isEqualTo(404);
    assertThat(api.get(teamKey, "/images/" + teamImage).statusCode()).isEqualTo(200);
    assertThat(api.get(memberKey, "/images/" + teamImage).statusCode())
        .as("a teammate reads the team's image with a key of their own")
        .isEqualTo(200);
    assertThat(ids(api.get(ownKey, "/images"))).contains(ownImage);

    jdbc.sql("delete from studio_team_member where team_id = :t and account_id = :a")
        .param("t", team)
        .param("a", owner)
        .update();
    HttpResponse<byte[]> left = api.get(teamKey, "/images/" + teamImage);
    assertThat(left.statusCode()).as("its maker left the team").isEqualTo(401);
    assertThat(JSON.readTree(left.body()).get("type").asText()).endsWith(":key-team-left");
    assertThat(api.get(teamKey, "/images").statusCode()).isEqualTo(401);
    assertThat(api.get(memberKey, "/images/" + teamImage).statusCode())
        .as("the team's own go on")
        .isEqualTo(200);
  }

  void member(String team, String account, String role) {
    jdbc.sql(
            "insert into studio_team_member (team_id, account_id, role, joined_at)"
                + " values (:t, :a, :r, now())")
        .param("t", team)
        .param("a", account)
        .param("r", role)
        .update();
  }

  static HttpResponse<byte[]> upload(ApiClient api, String key, String project) throws Exception {
    if (project == null) {
      return api.upload(key, "t.png", TestImages.png(TestImages.picture(18, 18)), null);
    }
    String boundary = "pledge" + UUID.randomUUID();
    byte[] png = TestImages.png(TestImages.picture(19, 18));
    List<byte[]> parts = new ArrayList<>();
    parts.add(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"project\"\r\n\r\n"
                + project
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    parts.add(png);
    parts.add(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return ApiClient.send(
        key,
        HttpRequest.newBuilder(URI.create(api.base + "/images"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArrays(parts)));
  }

  static String id(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).as(ApiClient.text(r)).isEqualTo(201);
    return JSON.readTree(r.body()).get("id").asText();
  }

  static List<String> ids(HttpResponse<byte[]> r) throws Exception {
    assertThat(r.statusCode()).isEqualTo(200);
    List<String> out = new ArrayList<>();
    for (JsonNode n : JSON.readTree(r.body()).get("data")) {
      out.add(n.get("id").asText());
    }
    return out;
  }
}
