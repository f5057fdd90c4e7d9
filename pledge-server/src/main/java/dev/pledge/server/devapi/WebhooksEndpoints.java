package dev.pledge.server.devapi;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Webhook endpoints of the key's account: register (the signing secret shown once), list, remove,
 * the delivery log and replay.
 */
@dev.pledge.server.studio.StudioController
@RequestMapping("/api/v1")
@ResponseBody
class WebhooksEndpoints implements ApiEndpoint {

  static final int MAX_PER_ACCOUNT = 10;

  private final JdbcClient jdbc;
  private final WebhookSecrets secrets;
  private final Idempotency idempotency;
  private final Clock clock;
  private final boolean allowLoopback;

  WebhooksEndpoints(
      JdbcClient jdbc,
      WebhookSecrets secrets,
      Idempotency idempotency,
      Clock clock,
      @org.springframework.beans.factory.annotation.Value(
              "${pledge.api.webhooks.allow-loopback:false}")
          boolean allowLoopback) {
    this.jdbc = jdbc;
    this.secrets = secrets;
    this.idempotency = idempotency;
    this.clock = clock;
    this.allowLoopback = allowLoopback;
  }

  @Schema(name = "WebhookRequest")
  record WebhookRequest(
      @Schema(
              description =
                  "https URL on the public internet (http and loopback only where allowed)")
          String url,
      @Schema(description = "job.succeeded, job.failed, image.deleted, credits.low")
          List<String> events) {}

  @Schema(name = "Webhook")
  record WebhookJson(
      String id,
      String url,
      List<String> events,
      @Schema(description = "Only in the answer that created it") String secret,
      @JsonProperty("created_at") Instant createdAt) {}

  @Schema(name = "WebhookList")
  record WebhookList(List<WebhookJson> data) {}

  @Schema(name = "Delivery")
  record DeliveryJson(
      String id,
      String event,
      String state,
      int attempts,
      @JsonProperty("last_status") Integer lastStatus,
      @JsonProperty("last_error") String lastError,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("delivered_at") Instant deliveredAt) {}

  @Schema(name = "DeliveryList")
  record DeliveryList(List<DeliveryJson> data) {}

  @PostMapping("/webhooks")
  @Operation(
      summary = "Register a webhook endpoint",
      description =
          "Deliveries are signed per Standard Webhooks (webhook-id, webhook-timestamp,"
              + " webhook-signature). The secret is in this answer only. Scope: edit.",
      responses = @ApiResponse(responseCode = "201", description = "Registered"))
  @Parameter(
      name = Idempotency.HEADER,
      in = ParameterIn.HEADER,
      required = false,
      schema = @Schema(type = "string", maxLength = 255))
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      content =
          @io.swagger.v3.oas.annotations.media.Content(
              mediaType = "application/json",
              schema = @Schema(implementation = WebhookRequest.class),
              examples =
                  @io.swagger.v3.oas.annotations.media.ExampleObject(
                      name = "jobs-and-deletions",
                      summary = "Finished jobs and deleted images",
                      value =
                          "{\"url\": \"https://hooks.example.com/pledge\", \"events\":"
                              + " [\"job.succeeded\", \"job.failed\", \"image.deleted\"]}")))
  ResponseEntity<?> create(
      @RequestBody WebhookRequest body,
      @Parameter(hidden = true) @RequestHeader(name = Idempotency.HEADER, required = false)
          String idemKey,
      HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.EDIT);
    String url = checkedUrl(body == null ? null : body.url());
    String refused = WebhookTargets.refusal(URI.create(url), allowLoopback);
    if (refused != null) {
      throw ApiProblem.badRequest(
          "invalid-url",
          "url cannot receive webhooks: "
              + refused
              + ". Give an https URL on the public internet.");
    }
    List<String> events = body.events() == null ? List.of() : body.events();
    if (events.isEmpty() || !WebhookEvents.EVENTS.containsAll(events)) {
      throw ApiProblem.badRequest(
          "invalid-events", "events must name one or more of " + WebhookEvents.EVENTS + ".");
    }
    String canonical = url + "\n" + String.join(",", events.stream().sorted().toList());
    return idempotency.run(
        caller.account(),
        idemKey,
        Idempotency.fingerprint("POST", "/webhooks", canonical.getBytes(StandardCharsets.UTF_8)),
        () -> {
          long count =
              jdbc.sql(
                      "select count(*) from api_webhook where account_id = :a"
                          + " and disabled_at is null")
                  .param("a", caller.account())
                  .query(Long.class)
                  .single();
          if (count >= MAX_PER_ACCOUNT) {
            throw new ApiProblem(
                409,
                "too-many-webhooks",
                "Too many webhooks",
                "An account has at most " + MAX_PER_ACCOUNT + " webhook endpoints; remove one.");
          }
          String id = UUID.randomUUID().toString();
          String secret = WebhookSecrets.fresh();
          Instant now = clock.instant();
          jdbc.sql(
                  """
                  insert into api_webhook (webhook_id, account_id, url, events, secret, created_at)
                  values (:id, :a, :u, :e, :s, :now)
                  """)
              .param("id", id)
              .param("a", caller.account())
              .param("u", url)
              .param("e", String.join(",", events))
              .param("s", secrets.seal(id, secret))
              .param("now", Timestamp.from(now))
              .update();
          return ResponseEntity.status(HttpStatus.CREATED)
              .body(new WebhookJson(id, url, events, secret, now));
        });
  }

  @GetMapping("/webhooks")
  @Operation(summary = "The account's webhook endpoints", description = "Scope: read.")
  WebhookList list(HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    return new WebhookList(
        jdbc.sql(
                "select * from api_webhook where account_id = :a and disabled_at is null"
                    + " order by created_at")
            .param("a", caller.account())
            .query(
                (rs, i) ->
                    new WebhookJson(
                        rs.getString("webhook_id"),
                        rs.getString("url"),
                        List.of(rs.getString("events").split(",")),
                        null,
                        rs.getTimestamp("created_at").toInstant()))
            .list());
  }

  @DeleteMapping("/webhooks/{webhookId}")
  @Operation(
      summary = "Remove a webhook endpoint and its delivery log",
      description = "Scope: edit.",
      responses = @ApiResponse(responseCode = "204", description = "Removed"))
  ResponseEntity<Void> delete(@PathVariable String webhookId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.EDIT);
    int n =
        jdbc.sql("delete from api_webhook where account_id = :a and webhook_id = :w")
            .param("a", caller.account())
            .param("w", webhookId)
            .update();
    if (n == 0) {
      throw ApiProblem.notFound("webhook");
    }
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/webhooks/{webhookId}/deliveries")
  @Operation(summary = "The endpoint's delivery log, newest first", description = "Scope: read.")
  DeliveryList deliveries(@PathVariable String webhookId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    owned(caller, webhookId);
    return new DeliveryList(
        jdbc.sql(
                "select * from api_webhook_delivery where webhook_id = :w and account_id = :a"
                    + " order by created_at desc limit 100")
            .param("w", webhookId)
            .param("a", caller.account())
            .query(
                (rs, i) -> {
                  Timestamp delivered = rs.getTimestamp("delivered_at");
                  int st = rs.getInt("last_status");
                  return new DeliveryJson(
                      rs.getString("delivery_id"),
                      rs.getString("event"),
                      rs.getString("state"),
                      rs.getInt("attempts"),
                      rs.wasNull() ? null : st,
                      rs.getString("last_error"),
                      rs.getTimestamp("created_at").toInstant(),
                      delivered == null ? null : delivered.toInstant());
                })
            .list());
  }

  @PostMapping("/webhooks/{webhookId}/deliveries/{deliveryId}/replay")
  @Operation(
      summary = "Send a delivery again",
      description = "The same message (same webhook-id), signed anew. Scope: edit.",
      responses = @ApiResponse(responseCode = "202", description = "Queued"))
  ResponseEntity<Void> replay(
      @PathVariable String webhookId, @PathVariable String deliveryId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.EDIT);
    owned(caller, webhookId);
    int n =
        jdbc.sql(
                "update api_webhook_delivery set state = 'pending', next_at = :now,"
                    + " attempts = 0 where delivery_id = :d and webhook_id = :w"
                    + " and account_id = :a")
            .param("now", Timestamp.from(clock.instant()))
            .param("d", deliveryId)
            .param("w", webhookId)
            .param("a", caller.account())
            .update();
    if (n == 0) {
      throw ApiProblem.notFound("delivery");
    }
    return ResponseEntity.accepted().build();
  }

  private void owned(ApiCaller caller, String webhookId) {
    boolean mine =
        jdbc.sql("select count(*) from api_webhook where account_id = :a and webhook_id = :w")
                .param("a", caller.account())
                .param("w", webhookId)
                .query(Long.class)
                .single()
            > 0;
    if (!mine) {
      throw ApiProblem.notFound("webhook");
    }
  }

  /** An https URL, or http to this machine (for development). Deliveries never follow redirects. */
  static String checkedUrl(String url) {
    try {
      URI u = URI.create(url == null ? "" : url.strip());
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
      boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
      if (url.length() <= 2000
          && (scheme.equals("https") || (scheme.equals("http") && local))
          && !host.isEmpty()) {
        return u.toString();
      }
    } catch (IllegalArgumentException | NullPointerException e) {
      // answered below
    }
    throw ApiProblem.badRequest(
        "invalid-url", "url must be an https URL (http is allowed for localhost only).");
  }
}
