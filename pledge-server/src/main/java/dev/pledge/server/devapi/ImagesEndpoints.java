package dev.pledge.server.devapi;

import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.billing.Credits;
import dev.pledge.server.images.StudioImages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.multipart.MultipartFile;

/**
 * The REST API's resources: images, edits, jobs, versions and usage. Every lookup goes through
 * {@link StudioImages} with the key's account (and team, for a team key), so another tenant's id
 * answers 404 like one that does not exist (B-14).
 */
@dev.pledge.server.studio.StudioController
@RequestMapping("/api/v1")
@ResponseBody
class ImagesEndpoints implements ApiEndpoint {

  static final int MAX_LIMIT = 100;

  /** The documented edit, run as it stands by the examples test ({imageId} filled in). */
  static final String QUARTER_TURN =
      "{\"image\": \"{imageId}\", \"provider\": \"builtin\", \"operation\": \"rotate\","
          + " \"angle\": 90}";

  private final StudioImages images;
  private final StudioAccounts accounts;
  private final Credits credits;
  private final Idempotency idempotency;
  private final RateLimits limits;
  private final ApiUsage usage;
  private final ApiKeys keys;
  private final RefusalWords words;
  private final JobSlots slots;
  private final Clock clock;

  ImagesEndpoints(
      StudioImages images,
      StudioAccounts accounts,
      Credits credits,
      Idempotency idempotency,
      RateLimits limits,
      ApiUsage usage,
      ApiKeys keys,
      RefusalWords words,
      JobSlots slots,
      Clock clock) {
    this.images = images;
    this.accounts = accounts;
    this.credits = credits;
    this.idempotency = idempotency;
    this.limits = limits;
    this.usage = usage;
    this.keys = keys;
    this.words = words;
    this.slots = slots;
    this.clock = clock;
  }

  // ----------------------------------------------------------------------------------- shapes

  @Schema(name = "Image")
  record ImageJson(
      String id,
      String name,
      String project,
      String version,
      @JsonProperty("content_type") String contentType,
      int width,
      int height,
      @Schema(description = "Metadata removed at upload: kind → count (gps, camera-serial, …)")
          @JsonProperty("removed_metadata")
          Map<String, Integer> removedMetadata,
      @JsonProperty("created_at") Instant createdAt) {

    static ImageJson of(StudioImages.ImageInfo i) {
      return new ImageJson(
          i.id(),
          i.name(),
          i.projectId(),
          i.latestVersion(),
          i.contentType(),
          i.width(),
          i.height(),
          i.removedMetadata(),
          i.createdAt());
    }
  }

  @Schema(name = "ImageList")
  record ImageList(
      List<ImageJson> data,
      @JsonProperty("has_more") boolean hasMore,
      @JsonProperty("next_cursor") String nextCursor) {}

  @Schema(name = "Version")
  record VersionJson(
      String id,
      String parent,
      String kind,
      @JsonProperty("content_type") String contentType,
      int width,
      int height,
      long size,
      String job,
      @JsonProperty("created_at") Instant createdAt) {}

  @Schema(name = "VersionList")
  record VersionList(List<VersionJson> data) {}

  @Schema(
      name = "EditRequest",
      description =
          "An edit of an image's latest version. Settings of the operation (e.g. angle) go at the"
              + " top level beside operation.")
  static final class EditJson {
    @Schema(description = "The image's id", requiredMode = Schema.RequiredMode.REQUIRED)
    public String image;

    @Schema(description = "The provider; builtin is always available", example = "builtin")
    public String provider;

    @Schema(description = "The operation, e.g. rotate, flip, crop, resize", example = "rotate")
    public String operation;

    @Schema(description = "What to change, for providers that take a prompt")
    public String prompt;

    @Schema(hidden = true)
    final Map<String, String> settings = new LinkedHashMap<>();

    @JsonAnySetter
    void setting(String name, Object value) {
      if (value != null && !(value instanceof Map) && !(value instanceof List)) {
        settings.put(name, String.valueOf(value));
      }
    }
  }

  @Schema(name = "JobAccepted")
  record JobAccepted(String job, String state) {}

  @Schema(name = "JobResult")
  record JobResult(String image, String version) {}

  @Schema(name = "Job")
  record JobJson(
      String id,
      @Schema(allowableValues = {"queued", "running", "succeeded", "failed"}) String state,
      double progress,
      String image,
      String provider,
      String operation,
      int cost,
      JobResult result,
      String error,
      @JsonProperty("created_at") Instant createdAt,
      @JsonProperty("finished_at") Instant finishedAt) {}

  @Schema(name = "Usage")
  record UsageJson(
      long credits,
      @JsonProperty("requests_per_minute") int requestsPerMinute,
      @JsonProperty("concurrent_jobs") int concurrentJobs,
      @JsonProperty("since") Instant since,
      List<KeyUsage> keys,
      @JsonProperty("processing_ms_p50") Double processingP50,
      @JsonProperty("processing_ms_p95") Double processingP95) {}

  @Schema(name = "KeyUsage")
  record KeyUsage(String key, String name, String prefix, List<ApiUsage.EndpointUsage> endpoints) {}

  // ----------------------------------------------------------------------------------- images

  @PostMapping("/images")
  @Operation(
      summary = "Upload an image",
      description =
          "Checked from its structure, stripped of metadata and stored encrypted. Scope: edit.",
      responses = {
        @ApiResponse(responseCode = "201", description = "Stored"),
        @ApiResponse(responseCode = "400", description = "Not an image the studio takes")
      })
  @Parameter(
      name = Idempotency.HEADER,
      in = ParameterIn.HEADER,
      required = false,
      description = "Makes a retry safe: the first answer is replayed for 24 hours",
      schema = @Schema(type = "string", maxLength = 255))
  ResponseEntity<?> upload(
      @RequestPart("file") MultipartFile file,
      @RequestParam(name = "project", required = false) String project,
      @Parameter(hidden = true) @RequestHeader(name = Idempotency.HEADER, required = false)
          String idemKey,
      HttpServletRequest request)
      throws IOException {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.EDIT);
    byte[] bytes = file.getBytes();
    String name = file.getOriginalFilename();
    return idempotency.run(
        caller.account(),
        idemKey,
        Idempotency.fingerprint("POST", "/images", bytes, bytes(name), bytes(project)),
        () -> {
          try {
            StudioImages.ImageInfo info =
                images
                    .upload(
                        caller.account(),
                        caller.team(),
                        // A team key names one of its team's projects; a personal key may leave
                        // it out (its API project).
                        project != null ? project : caller.team() == null ? null : "-",
                        name,
                        bytes)
                    .orElseThrow(() -> ApiProblem.notFound("project"));
            return ResponseEntity.status(HttpStatus.CREATED)
                .header("Location", request.getRequestURI() + "/" + info.id())
                .body(ImageJson.of(info));
          } catch (StudioImages.Refusal r) {
            throw words.refused(r, caller.account(), "upload", "the multipart part 'file'");
          }
        });
  }

  @GetMapping("/images")
  @Operation(summary = "List images, newest first", description = "Cursor pagination. Scope: read.")
  ImageList list(
      @Parameter(description = "Images per page, 1 to 100", example = "20")
          @RequestParam(name = "limit", required = false, defaultValue = "20")
          int limit,
      @Parameter(description = "next_cursor of the page before; absent for the first page")
          @RequestParam(name = "cursor", required = false)
          String cursor,
      HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw ApiProblem.badRequest(
          "invalid-limit", "limit must be between 1 and " + MAX_LIMIT + ".");
    }
    Instant afterAt = null;
    String afterId = null;
    if (cursor != null) {
      try {
        String[] parts =
            new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
        afterAt = Instant.parse(parts[0]);
        afterId = parts[1];
      } catch (RuntimeException e) {
        throw ApiProblem.badRequest(
            "invalid-cursor", "cursor is not one this API gave; use next_cursor as it came.");
      }
    }
    List<StudioImages.ImageInfo> found =
        images.images(caller.account(), caller.team(), afterAt, afterId, limit + 1);
    boolean more = found.size() > limit;
    List<ImageJson> page = found.stream().limit(limit).map(ImageJson::of).toList();
    String next = null;
    if (more) {
      ImageJson last = page.get(page.size() - 1);
      next =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(
                  (last.createdAt() + "|" + last.id()).getBytes(StandardCharsets.UTF_8));
    }
    return new ImageList(page, more, next);
  }

  @GetMapping("/images/{imageId}")
  @Operation(summary = "Get an image", description = "Scope: read.")
  ImageJson image(@PathVariable String imageId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    return images
        .image(caller.account(), caller.team(), imageId)
        .map(ImageJson::of)
        .orElseThrow(() -> ApiProblem.notFound("image"));
  }

  @GetMapping("/images/{imageId}/content")
  @Operation(
      summary = "Download the image's latest version",
      description = "The file itself (PNG, JPEG or WebP). Scope: read.")
  ResponseEntity<byte[]> content(@PathVariable String imageId, HttpServletRequest request)
      throws IOException {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    StudioImages.Content c =
        images
            .content(caller.account(), caller.team(), imageId)
            .orElseThrow(() -> ApiProblem.notFound("image"));
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType(c.contentType()))
        .header("Cache-Control", "private, no-store")
        .body(c.bytes());
  }

  @DeleteMapping("/images/{imageId}")
  @Operation(
      summary = "Delete an image for real",
      description = "Every version's file and its history. Scope: delete.",
      responses = @ApiResponse(responseCode = "204", description = "Deleted"))
  ResponseEntity<Void> delete(@PathVariable String imageId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.DELETE);
    if (!images.delete(caller.account(), caller.team(), imageId)) {
      throw ApiProblem.notFound("image");
    }
    // image.deleted follows from the deletion itself (ImageDeletions), as for the studio's pages.
    return ResponseEntity.noContent().build();
  }

  @GetMapping("/images/{imageId}/versions")
  @Operation(summary = "The image's versions, oldest first", description = "Scope: read.")
  VersionList versions(@PathVariable String imageId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    return new VersionList(
        images
            .versions(caller.account(), caller.team(), imageId)
            .orElseThrow(() -> ApiProblem.notFound("image"))
            .stream()
            .map(
                v ->
                    new VersionJson(
                        v.id(),
                        v.parentId(),
                        v.kind(),
                        v.contentType(),
                        v.width(),
                        v.height(),
                        v.size(),
                        v.jobId(),
                        v.createdAt()))
            .toList());
  }

  // ------------------------------------------------------------------------------------ edits

  @PostMapping(path = "/edits", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Edit an image",
      description =
          "Queues an edit of the image's latest version; poll the job. A quarter turn:"
              + " {\"image\": \"<id>\", \"provider\": \"builtin\", \"operation\": \"rotate\","
              + " \"angle\": 90}. Scope: edit.",
      responses = @ApiResponse(responseCode = "202", description = "Accepted"))
  @Parameter(
      name = Idempotency.HEADER,
      in = ParameterIn.HEADER,
      required = false,
      description = "Makes a retry safe: the first answer is replayed for 24 hours",
      schema = @Schema(type = "string", maxLength = 255))
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      content =
          @Content(
              mediaType = MediaType.APPLICATION_JSON_VALUE,
              schema = @Schema(implementation = EditJson.class),
              examples =
                  @ExampleObject(
                      name = "quarter-turn",
                      summary = "A quarter turn with the built-in provider",
                      description = "{imageId} stands for the id of one of your images.",
                      value = QUARTER_TURN)))
  ResponseEntity<?> edit(
      @RequestBody EditJson body,
      @Parameter(hidden = true) @RequestHeader(name = Idempotency.HEADER, required = false)
          String idemKey,
      HttpServletRequest request,
      Locale locale) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.EDIT);
    if (body == null || body.image == null || body.image.isBlank()) {
      throw ApiProblem.badRequest("invalid-request", "'image' (an image id) is required.");
    }
    if ((body.operation == null || body.operation.isBlank())
        && (body.prompt == null || body.prompt.isBlank())) {
      throw ApiProblem.badRequest(
          "invalid-request", "Give an 'operation' (e.g. rotate) or a 'prompt'.");
    }
    String provider = body.provider == null || body.provider.isBlank() ? "builtin" : body.provider;
    String operation =
        body.operation == null || body.operation.isBlank() ? "prompt" : body.operation;
    StringBuilder canonical =
        new StringBuilder(body.image + "\n" + provider + "\n" + operation + "\n" + body.prompt);
    new java.util.TreeMap<>(body.settings)
        .forEach((k, v) -> canonical.append('\n').append(k).append('=').append(v));
    return idempotency.run(
        caller.account(),
        idemKey,
        Idempotency.fingerprint("POST", "/edits", bytes(canonical.toString())),
        () -> {
          StudioAccount actor =
              accounts.byId(caller.account()).orElseThrow(() -> ApiProblem.notFound("account"));
          // The count and the new job in one transaction under the account's lock: two
          // simultaneous POSTs cannot both see a free slot (JobSlots).
          String job =
              slots.submit(
                  caller.account(),
                  limits.enforcing() ? limits.concurrentJobs(caller.account()) : Integer.MAX_VALUE,
                  () -> {
                    try {
                      return images
                          .edit(
                              actor,
                              caller.team(),
                              body.image,
                              provider,
                              operation,
                              body.settings,
                              body.prompt,
                              locale)
                          .orElseThrow(() -> ApiProblem.notFound("image"));
                    } catch (StudioImages.Refusal r) {
                      throw words.refused(r, caller.account(), "edit", "the JSON body");
                    }
                  });
          // The key owner's usage page shows the credits each key's edits used.
          images
              .job(caller.account(), caller.team(), job)
              .ifPresent(j -> request.setAttribute(ApiUsage.CREDITS, j.cost()));
          return ResponseEntity.status(HttpStatus.ACCEPTED)
              .header("Location", request.getRequestURI().replace("/edits", "/jobs/" + job))
              .body(new JobAccepted(job, "queued"));
        });
  }

  @GetMapping("/jobs/{jobId}")
  @Operation(summary = "An edit job's state", description = "Scope: read.")
  JobJson job(@PathVariable String jobId, HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    StudioImages.JobInfo j =
        images
            .job(caller.account(), caller.team(), jobId)
            .orElseThrow(() -> ApiProblem.notFound("job"));
    return new JobJson(
        j.id(),
        j.state(),
        j.progress(),
        j.imageId(),
        j.provider(),
        j.operation(),
        j.cost(),
        "succeeded".equals(j.state()) ? new JobResult(j.imageId(), j.resultImageVersion()) : null,
        j.failureKey(),
        j.createdAt(),
        j.finishedAt());
  }

  // ------------------------------------------------------------------------------------ usage

  @GetMapping("/usage")
  @Operation(
      summary = "Credits, limits and requests per key and endpoint (last 30 days)",
      description = "Scope: read.")
  UsageJson usage(HttpServletRequest request) {
    ApiCaller caller = ApiCaller.of(request);
    caller.require(ApiKeys.Scope.READ);
    Instant since = clock.instant().minus(Duration.ofDays(30));
    Map<String, List<ApiUsage.EndpointUsage>> byKey = new LinkedHashMap<>();
    for (ApiUsage.EndpointUsage u : usage.since(caller.account(), since)) {
      byKey.computeIfAbsent(u.keyId(), k -> new ArrayList<>()).add(u);
    }
    List<KeyUsage> out = new ArrayList<>();
    for (ApiKeys.ApiKey k : keys.of(caller.account())) {
      out.add(new KeyUsage(k.id(), k.name(), k.prefix(), byKey.getOrDefault(k.id(), List.of())));
    }
    List<Long> processing =
        images.processingMillis(caller.account(), since).stream().sorted().toList();
    return new UsageJson(
        credits.balance(caller.account()),
        limitsPerMinute(caller),
        limits.concurrentJobs(caller.account()),
        since,
        out,
        percentile(processing, 0.5),
        percentile(processing, 0.95));
  }

  private int limitsPerMinute(ApiCaller caller) {
    return limits.perMinute(caller.account());
  }

  static Double percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return null;
    }
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return (double) sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }
}
