package dev.pledge.server.images;

import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.TeamAccess;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The images module for other modules (the developer API): the same uploads, library, edit jobs and
 * access rules (B-14) as the studio's pages, by account id instead of a signed-in session. Every
 * read answers empty for what the account may not see, exactly as for what does not exist.
 */
@Component
public class StudioImages {

  /** The project uploads go to when the caller names none. */
  public static final String API_PROJECT = "API";

  /** An image as other modules see it. */
  public record ImageInfo(
      String id,
      String projectId,
      String name,
      String owner,
      String latestVersion,
      String contentType,
      int width,
      int height,
      Map<String, Integer> removedMetadata,
      Instant createdAt) {}

  /** One version of an image (its history). */
  public record VersionInfo(
      String id,
      String parentId,
      String kind,
      String contentType,
      int width,
      int height,
      long size,
      String jobId,
      Instant createdAt) {}

  /** An edit job. */
  public record JobInfo(
      String id,
      String imageId,
      String account,
      String provider,
      String operation,
      String state,
      double progress,
      int cost,
      String resultImageVersion,
      String failureKey,
      Instant createdAt,
      Instant finishedAt) {}

  /** A version's file. */
  public record Content(String contentType, byte[] bytes) {}

  /**
   * What the studio refused, as a message key of the images bundle ({@code images.*}) with its
   * arguments.
   */
  public static final class Refusal extends Exception {
    private final transient Object[] arguments;

    Refusal(String key, Object... arguments) {
      super(key, null, false, false);
      this.arguments = arguments.clone();
    }

    public String key() {
      return getMessage();
    }

    public Object[] arguments() {
      return arguments.clone();
    }
  }

  private final ImageRecords records;
  private final ImageAccess access;
  private final ImageLibrary library;
  private final ImagePlans plans;
  private final EditJobs jobs;
  private final ImageVaults vaults;
  private final TeamAccess teams;
  private final JdbcClient jdbc;
  private final Clock clock;

  StudioImages(
      ImageRecords records,
      ImageAccess access,
      ImageLibrary library,
      ImagePlans plans,
      EditJobs jobs,
      ImageVaults vaults,
      TeamAccess teams,
      JdbcClient jdbc,
      Clock clock) {
    this.vaults = vaults;
    this.records = records;
    this.access = access;
    this.library = library;
    this.plans = plans;
    this.jobs = jobs;
    this.teams = teams;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The most bytes an upload into the account's projects may have (its plan's). */
  public long maxUploadBytes(String account) {
    return plans.limits(account).maxBytes();
  }

  /**
   * Checks, cleans and stores an upload into {@code projectId} (one the account may edit), or into
   * the account's own project {@value #API_PROJECT} (made on first use) when null.
   *
   * @return empty when the project is not the account's to upload into
   */
  public Optional<ImageInfo> upload(String account, String projectId, String fileName, byte[] bytes)
      throws Refusal {
    return upload(account, null, projectId, fileName, bytes);
  }

  /**
   * As {@link #upload(String, String, String, byte[])}, and with a non-null {@code teamId} (a
   * team's API key) only into a project of that team: empty for any other.
   */
  public Optional<ImageInfo> upload(
      String account, String teamId, String projectId, String fileName, byte[] bytes)
      throws Refusal {
    ImageRecords.Project p;
    if (projectId == null) {
      p =
          records.projectsOf(account, List.of()).stream()
              .filter(x -> x.teamId() == null && API_PROJECT.equals(x.name()))
              .reduce((a, b) -> b)
              .orElseGet(() -> records.createProject(account, null, API_PROJECT, clock.instant()));
    } else {
      Optional<ImageRecords.Project> found =
          records
              .project(projectId)
              .filter(x -> teamId == null || teamId.equals(x.teamId()))
              .filter(x -> access.canEdit(account, x));
      if (found.isEmpty()) {
        return Optional.empty();
      }
      p = found.get();
    }
    ImageLimits limits = plans.limits(p.owner());
    if (vaults.isVault(p.id())) {
      throw new Refusal("images.upload.vault-plaintext");
    }
    if (bytes.length == 0) {
      throw new Refusal("images.upload.empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw new Refusal(
          "images.upload.too-large",
          ImageInspector.megabytes(bytes.length),
          ImageInspector.megabytes(limits.maxBytes()));
    }
    try {
      CleanImage clean = ImageInspector.clean(bytes, limits);
      MetadataReport.describe(bytes, clean.removed());
      ImageLibrary.Uploaded up = library.store(p, ImagesController.name(fileName, clean), clean);
      return Optional.of(info(up.image(), up.version()));
    } catch (ImageRefused e) {
      throw new Refusal(e.key(), e.arguments());
    }
  }

  /**
   * The images the account may read, newest first, after the cursor position ({@code afterAt},
   * {@code afterId}; both null for the first page), at most {@code limit}; {@code teamId} non-null
   * keeps only that team's projects.
   */
  public List<ImageInfo> images(
      String account, String teamId, Instant afterAt, String afterId, int limit) {
    List<String> myTeams = teams.teamsOf(account);
    if (teamId != null && !myTeams.contains(teamId)) {
      return List.of();
    }
    String scope =
        teamId != null
            ? "p.team_id = :team"
            : "(p.account_id = :a" + (myTeams.isEmpty() ? ")" : " or p.team_id in (:teams))");
    String after = afterAt == null ? "" : " and (i.created_at, i.image_id) < (:afterAt, :afterId)";
    List<ImageRecords.Image> found =
        jdbc
            .sql(
                "select i.* from image i join image_project p on p.project_id = i.project_id"
                    + " where "
                    + scope
                    + after
                    + " order by i.created_at desc, i.image_id desc limit :limit")
            .param("a", account)
            .param("team", teamId == null ? "-" : teamId)
            .param("teams", myTeams.isEmpty() ? List.of("-") : myTeams)
            .param("afterAt", afterAt == null ? null : Timestamp.from(afterAt))
            .param("afterId", afterId)
            .param("limit", limit)
            .query((rs, i) -> rs.getString("image_id"))
            .list()
            .stream()
            .map(records::image)
            .flatMap(Optional::stream)
            .toList();
    List<ImageInfo> out = new ArrayList<>();
    for (ImageRecords.Image img : found) {
      records.latest(img.id()).ifPresent(v -> out.add(info(img, v)));
    }
    return out;
  }

  /** The image, when the account may read it (and, with a team, it is that team's). */
  public Optional<ImageInfo> image(String account, String teamId, String imageId) {
    return readable(account, teamId, imageId)
        .flatMap(img -> records.latest(img.id()).map(v -> info(img, v)));
  }

  /** The latest version's file of an image the account may read. */
  public Optional<Content> content(String account, String teamId, String imageId)
      throws IOException {
    Optional<ImageRecords.Version> v =
        readable(account, teamId, imageId).flatMap(img -> records.latest(img.id()));
    if (v.isEmpty() || !library.present(v.get())) {
      return Optional.empty();
    }
    return Optional.of(new Content(v.get().contentType(), library.read(v.get())));
  }

  /** The image's versions, oldest first. */
  public Optional<List<VersionInfo>> versions(String account, String teamId, String imageId) {
    return readable(account, teamId, imageId)
        .map(
            img ->
                records.versionsOf(img.id()).stream()
                    .map(
                        v ->
                            new VersionInfo(
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

  /** Deletes an image the account owns, for real; false when it is not theirs (or not there). */
  public boolean delete(String account, String teamId, String imageId) {
    Optional<ImageRecords.Image> img =
        readable(account, teamId, imageId).filter(i -> i.owner().equals(account));
    img.ifPresent(i -> library.deleteImage(account, i));
    return img.isPresent();
  }

  /**
   * Accepts an edit of the image's latest version, charged to {@code actor}; the job id, or empty
   * when the image is not the actor's to edit.
   */
  public Optional<String> edit(
      StudioAccount actor,
      String teamId,
      String imageId,
      String provider,
      String operation,
      Map<String, String> parameters,
      String prompt,
      Locale locale)
      throws Refusal {
    Optional<ImageRecords.Image> img =
        readable(actor.id(), teamId, imageId)
            .filter(
                i ->
                    records
                        .project(i.projectId())
                        .map(p -> access.canEdit(actor.id(), p))
                        .orElse(false));
    if (img.isEmpty()) {
      return Optional.empty();
    }
    ImageRecords.Version parent = records.latest(img.get().id()).orElse(null);
    if (parent == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          jobs.submit(actor, img.get(), parent, provider, operation, parameters, prompt, locale));
    } catch (EditJobs.Refused e) {
      throw new Refusal(e.getMessage(), e.arguments);
    }
  }

  /** A job the account asked for, or one on an image it may read. */
  public Optional<JobInfo> job(String account, String teamId, String jobId) {
    return jobs.job(jobId)
        .filter(
            j ->
                (teamId == null && j.account().equals(account))
                    || readable(account, teamId, j.imageId()).isPresent())
        .map(StudioImages::info);
  }

  /** How many of the account's jobs are queued or running. */
  public int unfinishedJobs(String account) {
    return jdbc.sql(
            "select count(*) from image_job where account_id = :a"
                + " and state in ('queued', 'running')")
        .param("a", account)
        .query(Integer.class)
        .single();
  }

  /** Jobs of {@code accounts} finished after {@code since}, oldest first (for notifications). */
  public List<JobInfo> finishedSince(Instant since, int limit) {
    return jdbc
        .sql(
            "select * from image_job where finished_at > :since"
                + " order by finished_at, job_id limit :limit")
        .param("since", Timestamp.from(since))
        .param("limit", limit)
        .query(EditJobs::job)
        .list()
        .stream()
        .map(StudioImages::info)
        .toList();
  }

  /** Processing time of the account's finished jobs in the window, in milliseconds, per job. */
  public List<Long> processingMillis(String account, Instant from) {
    return jdbc.sql(
            "select (extract(epoch from finished_at - created_at) * 1000)::bigint from image_job"
                + " where account_id = :a and finished_at is not null and created_at >= :from")
        .param("a", account)
        .param("from", Timestamp.from(from))
        .query(Long.class)
        .list();
  }

  private Optional<ImageRecords.Image> readable(String account, String teamId, String imageId) {
    return records
        .image(imageId)
        .filter(
            img ->
                records
                    .project(img.projectId())
                    .filter(p -> teamId == null || teamId.equals(p.teamId()))
                    .map(p -> access.canRead(account, p))
                    .orElse(false));
  }

  private static ImageInfo info(ImageRecords.Image img, ImageRecords.Version v) {
    return new ImageInfo(
        img.id(),
        img.projectId(),
        img.name(),
        img.owner(),
        v.id(),
        v.contentType(),
        v.width(),
        v.height(),
        img.removed().counts(),
        img.createdAt());
  }

  private static JobInfo info(EditJobs.Job j) {
    String failureKey = null;
    if (j.failure() != null) {
      Map.Entry<String, Object[]> f = EditJobs.failureOf(j.failure());
      failureKey = f == null ? null : f.getKey();
    }
    return new JobInfo(
        j.id(),
        j.imageId(),
        j.account(),
        j.provider(),
        j.operation(),
        j.state(),
        j.progress(),
        j.cost(),
        j.resultVersionId(),
        failureKey,
        j.createdAt(),
        j.finishedAt());
  }
}
