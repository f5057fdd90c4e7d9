package dev.pledge.server.images;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The images module's rows: projects, images and versions (explicit SQL, ids random). */
@Component
class ImageRecords {

  static final String SOURCE_CATEGORY = "user.content.source_images";
  static final String EDITED_CATEGORY = "user.content.edited_images";

  private final JdbcClient jdbc;

  ImageRecords(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  record Project(String id, String owner, String teamId, String name, Instant createdAt) {}

  record Image(
      String id,
      String owner,
      String projectId,
      String name,
      String retention,
      RemovedMetadata removed,
      Instant createdAt) {}

  record Version(
      String id,
      String imageId,
      String owner,
      String parentId,
      String kind,
      String blobCategory,
      String blobName,
      String contentType,
      int width,
      int height,
      long size,
      String label,
      boolean starred,
      String jobId,
      Instant createdAt) {

    public boolean source() {
      return "source".equals(kind);
    }
  }

  static String newId() {
    return UUID.randomUUID().toString();
  }

  static boolean isId(String s) {
    if (s == null || s.length() != 36) {
      return false;
    }
    try {
      UUID.fromString(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------------ projects

  Project createProject(String owner, String teamId, String name, Instant now) {
    String id = newId();
    jdbc.sql(
            "insert into image_project (project_id, account_id, team_id, name, created_at)"
                + " values (:id, :a, :t, :n, :at)")
        .param("id", id)
        .param("a", owner)
        .param("t", teamId)
        .param("n", name)
        .param("at", Timestamp.from(now))
        .update();
    return new Project(id, owner, teamId, name, now);
  }

  Optional<Project> project(String id) {
    if (!isId(id)) {
      return Optional.empty();
    }
    return jdbc.sql("select * from image_project where project_id = :id")
        .param("id", id)
        .query(ImageRecords::project)
        .optional();
  }

  /** The account's own projects and those of its teams, newest first. */
  List<Project> projectsOf(String account, List<String> teams) {
    return jdbc.sql(
            "select * from image_project where account_id = :a"
                + (teams.isEmpty() ? "" : " or team_id in (:teams)")
                + " order by created_at desc")
        .param("a", account)
        .param("teams", teams.isEmpty() ? List.of("-") : teams)
        .query(ImageRecords::project)
        .list();
  }

  /** A team's name, for showing where a project is shared (teams are the accounts module's). */
  Optional<String> teamName(String teamId) {
    return jdbc.sql("select name from studio_team where team_id = :t")
        .param("t", teamId)
        .query(String.class)
        .optional();
  }

  void renameProject(String id, String name) {
    jdbc.sql("update image_project set name = :n where project_id = :id")
        .param("n", name)
        .param("id", id)
        .update();
  }

  void shareProjectWith(String id, String teamId) {
    jdbc.sql("update image_project set team_id = :t where project_id = :id")
        .param("t", teamId)
        .param("id", id)
        .update();
  }

  private static Project project(ResultSet rs, int i) throws SQLException {
    return new Project(
        rs.getString("project_id"),
        rs.getString("account_id"),
        rs.getString("team_id"),
        rs.getString("name"),
        rs.getTimestamp("created_at").toInstant());
  }

  // -------------------------------------------------------------------------------------- images

  void insertImage(Image image) {
    jdbc.sql(
            "insert into image (image_id, account_id, project_id, name, retention,"
                + " removed_metadata, created_at) values (:id, :a, :p, :n, :r, :m, :at)")
        .param("id", image.id())
        .param("a", image.owner())
        .param("p", image.projectId())
        .param("n", image.name())
        .param("r", image.retention())
        .param("m", image.removed().encode())
        .param("at", Timestamp.from(image.createdAt()))
        .update();
  }

  Optional<Image> image(String id) {
    if (!isId(id)) {
      return Optional.empty();
    }
    return jdbc.sql("select * from image where image_id = :id")
        .param("id", id)
        .query(ImageRecords::image)
        .optional();
  }

  List<Image> imagesOf(String projectId) {
    return jdbc.sql("select * from image where project_id = :p order by created_at desc")
        .param("p", projectId)
        .query(ImageRecords::image)
        .list();
  }

  void setRetention(String imageId, String retention) {
    jdbc.sql("update image set retention = :r where image_id = :id")
        .param("r", retention)
        .param("id", imageId)
        .update();
  }

  private static Image image(ResultSet rs, int i) throws SQLException {
    return new Image(
        rs.getString("image_id"),
        rs.getString("account_id"),
        rs.getString("project_id"),
        rs.getString("name"),
        rs.getString("retention"),
        RemovedMetadata.decode(rs.getString("removed_metadata")),
        rs.getTimestamp("created_at").toInstant());
  }

  // ------------------------------------------------------------------------------------ versions

  void insertVersion(Version v, String keepFor) {
    jdbc.sql(
            "insert into image_version (version_id, image_id, account_id, parent_id, kind,"
                + " blob_category, blob_name, content_type, width, height, size, label, starred,"
                + " job_id, keep_for, created_at) values (:id, :img, :a, :parent, :kind, :cat,"
                + " :blob, :type, :w, :h, :size, :label, :star, :job, cast(:keep as interval),"
                + " :at)")
        .param("id", v.id())
        .param("img", v.imageId())
        .param("a", v.owner())
        .param("parent", v.parentId())
        .param("kind", v.kind())
        .param("cat", v.blobCategory())
        .param("blob", v.blobName())
        .param("type", v.contentType())
        .param("w", v.width())
        .param("h", v.height())
        .param("size", v.size())
        .param("label", v.label())
        .param("star", v.starred())
        .param("job", v.jobId())
        .param("keep", keepFor, java.sql.Types.VARCHAR)
        .param("at", Timestamp.from(v.createdAt()))
        .update();
  }

  Optional<Version> version(String id) {
    if (!isId(id)) {
      return Optional.empty();
    }
    return jdbc.sql("select * from image_version where version_id = :id")
        .param("id", id)
        .query(ImageRecords::version)
        .optional();
  }

  /** The image's versions, oldest first (the tree is built from parent ids). */
  List<Version> versionsOf(String imageId) {
    return jdbc.sql(
            "select * from image_version where image_id = :i order by created_at, version_id")
        .param("i", imageId)
        .query(ImageRecords::version)
        .list();
  }

  /** The latest version, the one the editor opens. */
  Optional<Version> latest(String imageId) {
    return jdbc.sql(
            "select * from image_version where image_id = :i"
                + " order by created_at desc, version_id desc limit 1")
        .param("i", imageId)
        .query(ImageRecords::version)
        .optional();
  }

  void label(String versionId, String label) {
    jdbc.sql("update image_version set label = :l where version_id = :id")
        .param("l", label == null || label.isBlank() ? null : label.strip())
        .param("id", versionId)
        .update();
  }

  void star(String versionId, boolean starred) {
    jdbc.sql("update image_version set starred = :s where version_id = :id")
        .param("s", starred)
        .param("id", versionId)
        .update();
  }

  void keepVersions(String imageId, String category, String keepFor) {
    jdbc.sql(
            "update image_version set keep_for = cast(:k as interval)"
                + " where image_id = :i and blob_category = :c")
        .param("k", keepFor, java.sql.Types.VARCHAR)
        .param("i", imageId)
        .param("c", category)
        .update();
  }

  private static Version version(ResultSet rs, int i) throws SQLException {
    return new Version(
        rs.getString("version_id"),
        rs.getString("image_id"),
        rs.getString("account_id"),
        rs.getString("parent_id"),
        rs.getString("kind"),
        rs.getString("blob_category"),
        rs.getString("blob_name"),
        rs.getString("content_type"),
        rs.getInt("width"),
        rs.getInt("height"),
        rs.getLong("size"),
        rs.getString("label"),
        rs.getBoolean("starred"),
        rs.getString("job_id"),
        rs.getTimestamp("created_at").toInstant());
  }
}
