package dev.pledge.server.devapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pledge.server.WithRunningServer;
import dev.pledge.server.images.TestImages;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * "Delete my account" closes the account at once: its sessions end, and so must its API keys (found
 * from outside: a deleted account's key still listed and uploaded images).
 */
@WithRunningServer
class DeletedAccountKeysTest {

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;
  @Autowired ApiKeys keys;

  @Test
  @DisplayName("a deleted account's keys stop at once (401 account-deleted) and work once restored")
  void deletedAccountKeys() throws Exception {
    ApiClient api = new ApiClient(port);
    String account = ApiClient.account(jdbc, "Dell");
    String key =
        keys.create(
                account,
                null,
                "test",
                EnumSet.of(ApiKeys.Scope.READ, ApiKeys.Scope.EDIT, ApiKeys.Scope.DELETE),
                null)
            .secret();
    assertThat(api.get(key, "/images").statusCode()).isEqualTo(200);

    // What "Delete my account" writes (AccountDeletion.delete): the account stays, restorable.
    setStatus(account, "deleted", true);
    HttpResponse<byte[]> list = api.get(key, "/images");
    assertThat(list.statusCode()).isEqualTo(401);
    assertThat(new ObjectMapper().readTree(list.body()).get("type").asText())
        .endsWith(":account-deleted");
    HttpResponse<byte[]> up =
        api.upload(key, "a.png", TestImages.png(TestImages.picture(20, 10)), null);
    assertThat(up.statusCode()).isEqualTo(401);
    assertThat(
            jdbc.sql("select count(*) from image_project where account_id = :a")
                .param("a", account)
                .query(Long.class)
                .single())
        .as("nothing made for the deleted account")
        .isZero();

    setStatus(account, "active", false);
    assertThat(api.get(key, "/images").statusCode()).isEqualTo(200);
  }

  private void setStatus(String account, String status, boolean deleted) {
    jdbc.sql(
            "update studio_account set deleted_at = "
                + (deleted ? "now()" : "null")
                + " where account_id = :a")
        .param("a", account)
        .update();
    jdbc.sql(
            "update studio_subscription set status = :s, status_since = now() where account_id = :a")
        .param("s", status)
        .param("a", account)
        .update();
  }
}
