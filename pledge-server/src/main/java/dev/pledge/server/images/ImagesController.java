package dev.pledge.server.images;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.TeamAccess;
import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The gallery: the account's projects and its teams' (B-14: nobody else's), a project's images,
 * uploads (checked from the header and cleaned at the door, B-15), and deleting a project or the
 * whole editing history for real (B-28).
 */
@StudioController
class ImagesController {

  static final int NAME_MAX = 120;

  private final CurrentAccount current;
  private final TeamAccess teams;
  private final ImageRecords records;
  private final ImageAccess access;
  private final ImageLibrary library;
  private final ImagePlans plans;
  private final MessageSource messages;
  private final Clock clock;

  ImagesController(
      CurrentAccount current,
      TeamAccess teams,
      ImageRecords records,
      ImageAccess access,
      ImageLibrary library,
      ImagePlans plans,
      MessageSource messages,
      Clock clock) {
    this.current = current;
    this.teams = teams;
    this.records = records;
    this.access = access;
    this.library = library;
    this.plans = plans;
    this.messages = messages;
    this.clock = clock;
  }

  /** A project as the gallery lists it, with its images' latest versions. */
  record ProjectCard(ImageRecords.Project project, boolean mine, List<Tile> tiles) {}

  record Tile(ImageRecords.Image image, ImageRecords.Version latest) {}

  @GetMapping("/images")
  String gallery(Model model) {
    StudioAccount me = current.require();
    List<ProjectCard> cards = new ArrayList<>();
    for (ImageRecords.Project p : records.projectsOf(me.id(), teams.teamsOf(me.id()))) {
      cards.add(new ProjectCard(p, p.owner().equals(me.id()), tiles(p)));
    }
    model.addAttribute("projects", cards);
    model.addAttribute("teams", teamChoices(me.id()));
    return "studio/images";
  }

  private List<Tile> tiles(ImageRecords.Project p) {
    List<Tile> tiles = new ArrayList<>();
    for (ImageRecords.Image i : records.imagesOf(p.id())) {
      records.latest(i.id()).ifPresent(v -> tiles.add(new Tile(i, v)));
    }
    return tiles;
  }

  /** The teams the account may share a project with: id → name. */
  private Map<String, String> teamChoices(String account) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String t : teams.teamsOf(account)) {
      out.put(t, teamName(t));
    }
    return out;
  }

  private String teamName(String teamId) {
    return records.teamName(teamId).orElse("");
  }

  @PostMapping("/images/projects")
  String createProject(
      @RequestParam(name = "name", required = false) String name,
      @RequestParam(name = "team", required = false) String team,
      Model model,
      HttpServletResponse response) {
    StudioAccount me = current.require();
    String n = name == null ? "" : name.strip();
    if (n.isEmpty() || n.length() > NAME_MAX) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problem", "images.project.name-problem");
      return gallery(model);
    }
    String teamId = team == null || team.isBlank() ? null : team;
    if (teamId != null && !teams.canEdit(me.id(), teamId)) {
      throw new dev.pledge.server.studio.StudioNotFound();
    }
    ImageRecords.Project p = records.createProject(me.id(), teamId, n, clock.instant());
    return "redirect:/images/projects/" + p.id();
  }

  @GetMapping("/images/projects/{projectId}")
  String project(@PathVariable String projectId, Model model) {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.readableProject(me.id(), projectId);
    return projectView(me, p, model);
  }

  private String projectView(StudioAccount me, ImageRecords.Project p, Model model) {
    model.addAttribute("project", p);
    model.addAttribute("mine", p.owner().equals(me.id()));
    model.addAttribute("team", p.teamId() == null ? null : teamName(p.teamId()));
    model.addAttribute("tiles", tiles(p));
    ImageLimits limits = plans.limits(p.owner());
    model.addAttribute("maxMegabytes", ImageInspector.megabytes(limits.maxBytes()));
    model.addAttribute("maxMegapixels", ImageLimits.megapixels(limits.maxPixels()));
    return "studio/images-project";
  }

  /**
   * An upload: read whole (within the plan's bytes), checked from its structure before anything is
   * decoded, cleaned of metadata, stored encrypted, and the editor opened with what was removed.
   */
  @PostMapping("/images/projects/{projectId}/upload")
  String upload(
      @PathVariable String projectId,
      @RequestParam(name = "file", required = false) MultipartFile file,
      Model model,
      HttpServletResponse response)
      throws IOException {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.readableProject(me.id(), projectId);
    if (!access.canEdit(me.id(), p)) {
      throw new dev.pledge.server.studio.StudioNotFound();
    }
    ImageLimits limits = plans.limits(p.owner());
    try {
      if (file == null || file.isEmpty()) {
        throw new ImageRefused("images.upload.empty");
      }
      if (file.getSize() > limits.maxBytes()) {
        throw new ImageRefused(
            "images.upload.too-large",
            ImageInspector.megabytes(file.getSize()),
            ImageInspector.megabytes(limits.maxBytes()));
      }
      byte[] bytes;
      try (InputStream in = file.getInputStream()) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
      }
      CleanImage clean = ImageInspector.clean(bytes, limits);
      MetadataReport.describe(bytes, clean.removed());
      ImageLibrary.Uploaded up = library.store(p, name(file.getOriginalFilename(), clean), clean);
      return "redirect:/images/" + up.image().id() + "?uploaded";
    } catch (ImageRefused e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute(
          "refusal",
          messages.getMessage(e.key(), e.arguments(), e.key(), LocaleContextHolder.getLocale()));
      return projectView(me, p, model);
    }
  }

  /** The name an image is shown by: the file's name without its path, else the format's. */
  static String name(String original, CleanImage clean) {
    String n = original == null ? "" : original.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).strip();
    n = n.replaceAll("\\p{Cntrl}", "");
    if (n.isEmpty()) {
      n = "image." + clean.format().extension();
    }
    return n.length() > NAME_MAX ? n.substring(0, NAME_MAX) : n;
  }

  @PostMapping("/images/projects/{projectId}/rename")
  String rename(
      @PathVariable String projectId, @RequestParam(name = "name", required = false) String name) {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.ownProject(me.id(), projectId);
    String n = name == null ? "" : name.strip();
    if (!n.isEmpty() && n.length() <= NAME_MAX) {
      records.renameProject(p.id(), n);
    }
    return "redirect:/images/projects/" + p.id();
  }

  @PostMapping("/images/projects/{projectId}/delete")
  String deleteProject(@PathVariable String projectId) {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.ownProject(me.id(), projectId);
    library.deleteProject(me.id(), p);
    return "redirect:/images?deleted";
  }

  @PostMapping("/images/history/delete")
  String deleteHistory() {
    StudioAccount me = current.require();
    library.deleteHistory(me.id());
    return "redirect:/images?history-deleted";
  }
}
