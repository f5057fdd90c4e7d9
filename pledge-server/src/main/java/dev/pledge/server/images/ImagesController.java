package dev.pledge.server.images;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.FormProblems;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.TeamAccess;
import dev.pledge.server.studio.StudioController;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
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

  private static final java.util.regex.Pattern UNPRINTABLE =
      java.util.regex.Pattern.compile(
          "[\\p{Cntrl}\\x{061C}\\x{200E}\\x{200F}\\x{202A}-\\x{202E}\\x{2066}-\\x{2069}]");

  private final CurrentAccount current;
  private final TeamAccess teams;
  private final ImageRecords records;
  private final ImageAccess access;
  private final ImageLibrary library;
  private final ImagePlans plans;
  private final ImageVaults vaults;
  private final TransactionTemplate tx;
  private final MessageSource messages;
  private final Clock clock;

  ImagesController(
      CurrentAccount current,
      TeamAccess teams,
      ImageRecords records,
      ImageAccess access,
      ImageLibrary library,
      ImagePlans plans,
      ImageVaults vaults,
      MessageSource messages,
      TransactionTemplate tx,
      Clock clock) {
    this.vaults = vaults;
    this.tx = tx;
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
  record ProjectCard(ImageRecords.Project project, boolean mine, boolean vault, List<Tile> tiles) {}

  record Tile(ImageRecords.Image image, ImageRecords.Version latest) {}

  @GetMapping("/images")
  String gallery(Model model) {
    StudioAccount me = current.require();
    List<ProjectCard> cards = new ArrayList<>();
    for (ImageRecords.Project p : records.projectsOf(me.id(), teams.teamsOf(me.id()))) {
      cards.add(new ProjectCard(p, p.owner().equals(me.id()), vaults.isVault(p.id()), tiles(p)));
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
      @RequestParam(name = "vault", required = false) String vault,
      Model model,
      HttpServletResponse response) {
    StudioAccount me = current.require();
    String n = name == null ? "" : printable(name).strip();
    if (n.isEmpty() || n.length() > NAME_MAX) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problem", "images.project.name-problem");
      return gallery(model);
    }
    String teamId = team == null || team.isBlank() ? null : team;
    boolean sealed = vault != null && !vault.isBlank();
    if (sealed && teamId != null) {
      // Team members would need the passphrase, handed over outside the studio: not offered yet.
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("problem", "images.vault.no-team");
      return gallery(model);
    }
    if (teamId != null && !teams.canEdit(me.id(), teamId)) {
      throw new dev.pledge.server.studio.StudioNotFound();
    }
    ImageRecords.Project p =
        tx.execute(
            t -> {
              ImageRecords.Project made =
                  records.createProject(me.id(), teamId, n, clock.instant());
              if (sealed) {
                vaults.create(made.id(), made.createdAt());
              }
              return made;
            });
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
    model.addAttribute("vault", vaults.of(p.id()).orElse(null));
    model.addAttribute("vaultOverhead", ImageVaults.OVERHEAD);
    ImageLimits limits = plans.limits(p.owner());
    model.addAttribute("maxBytes", limits.maxBytes());
    model.addAttribute("maxMegabytes", ImageInspector.megabytes(limits.maxBytes()));
    model.addAttribute("maxMegapixels", ImageLimits.megapixels(limits.maxPixels()));
    return "studio/images-project";
  }

  /**
   * An upload from a form (multipart): read whole (within the plan's bytes), checked from its
   * structure before anything is decoded, cleaned of metadata, stored encrypted, and the editor
   * opened with what was removed.
   */
  @PostMapping("/images/projects/{projectId}/upload")
  String upload(
      @PathVariable String projectId,
      @RequestParam(name = "file", required = false) MultipartFile file,
      HttpServletRequest request,
      Model model,
      HttpServletResponse response)
      throws IOException {
    StudioAccount me = current.require();
    ImageRecords.Project p = uploadTarget(me, projectId);
    try {
      if (file == null && !isMultipart(request.getContentType())) {
        // A body of a type the script's route does not take (image/gif, text/plain …) lands
        // here, where it has no file part: "The file is empty" sent its sender looking for the
        // wrong mistake.
        throw new ImageRefused(
            "images.upload.wrong-type",
            request.getContentType() == null ? "(none)" : request.getContentType());
      }
      // getBytes once: the part is in memory, and each getSize or getInputStream before it would
      // copy it again.
      byte[] bytes = file == null ? new byte[0] : file.getBytes();
      ImageLibrary.Uploaded up = accept(p, bytes, file == null ? null : file.getOriginalFilename());
      return "redirect:/images/" + up.image().id() + "?uploaded";
    } catch (ImageRefused e) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("refusal", text(e));
      return projectView(me, p, model);
    }
  }

  /**
   * An upload from the page's script: the file itself is the body (its name, URL-encoded, in {@code
   * X-File-Name}), so no multipart parsing stands between the bytes and the checks; a body larger
   * than the plan takes is refused from its declared length before it is read. Answers {@code
   * {"image": id}}, or 400 with {@code {"error": text}}.
   */
  @PostMapping(
      path = "/images/projects/{projectId}/upload",
      consumes = {"image/png", "image/jpeg", "image/webp", "application/octet-stream"})
  ResponseEntity<Map<String, String>> uploadBody(
      @PathVariable String projectId,
      @RequestHeader(name = "X-File-Name", required = false) String fileName,
      HttpServletRequest request)
      throws IOException {
    ImageRecords.Project p = uploadTarget(current.require(), projectId);
    ImageLimits limits = plans.limits(p.owner());
    try {
      long declared = request.getContentLengthLong();
      if (declared > limits.maxBytes()) {
        throw tooLarge(declared, limits);
      }
      byte[] bytes;
      try (InputStream in = request.getInputStream()) {
        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
      }
      ImageLibrary.Uploaded up = accept(p, bytes, decoded(fileName));
      return ResponseEntity.status(HttpServletResponse.SC_CREATED)
          .body(Map.of("image", up.image().id()));
    } catch (ImageRefused e) {
      return ResponseEntity.badRequest().body(Map.of("error", text(e)));
    }
  }

  static boolean isMultipart(String contentType) {
    return contentType != null
        && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data");
  }

  /** The file's name from its URL-encoded header; none when malformed (the format's is used). */
  static String decoded(String header) {
    if (header == null) {
      return null;
    }
    try {
      return URLDecoder.decode(header, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The project {@code me} may upload into: readable and editable, else not found. */
  private ImageRecords.Project uploadTarget(StudioAccount me, String projectId) {
    ImageRecords.Project p = access.readableProject(me.id(), projectId);
    if (!access.canEdit(me.id(), p)) {
      throw new dev.pledge.server.studio.StudioNotFound();
    }
    return p;
  }

  /**
   * Checks, cleans and stores an upload of project {@code p}; refuses what the studio does not
   * take.
   */
  private ImageLibrary.Uploaded accept(ImageRecords.Project p, byte[] bytes, String fileName)
      throws ImageRefused {
    ImageLimits limits = plans.limits(p.owner());
    if (vaults.isVault(p.id())) {
      // A plain file in a vault would be readable by the server: only the vault's page may add.
      throw new ImageRefused("images.upload.vault-plaintext");
    }
    if (bytes.length == 0) {
      throw new ImageRefused("images.upload.empty");
    }
    if (bytes.length > limits.maxBytes()) {
      throw tooLarge(bytes.length, limits);
    }
    CleanImage clean = ImageInspector.clean(bytes, limits);
    MetadataReport.describe(bytes, clean.removed());
    return library.store(p, name(fileName, clean), clean);
  }

  private static ImageRefused tooLarge(long bytes, ImageLimits limits) {
    return new ImageRefused(
        "images.upload.too-large",
        ImageInspector.megabytes(bytes),
        ImageInspector.megabytes(limits.maxBytes()));
  }

  private String text(ImageRefused e) {
    return messages.getMessage(e.key(), e.arguments(), e.key(), LocaleContextHolder.getLocale());
  }

  /**
   * The text without control characters and without the invisible marks that reorder what follows
   * them (bidirectional overrides, embeddings and isolates): a file named "photo", U+202E
   * (right-to-left override), "gnp.exe" would otherwise show as "photoexe.png", here and on every
   * teammate's page.
   */
  static String printable(String text) {
    return UNPRINTABLE.matcher(text).replaceAll("");
  }

  /** The name an image is shown by: the file's name without its path, else the format's. */
  static String name(String original, CleanImage clean) {
    String n = original == null ? "" : original.replace('\\', '/');
    n = printable(n.substring(n.lastIndexOf('/') + 1)).strip();
    if (n.isEmpty()) {
      n = "image." + clean.format().extension();
    }
    return n.length() > NAME_MAX ? n.substring(0, NAME_MAX) : n;
  }

  @PostMapping("/images/projects/{projectId}/rename")
  String rename(
      @PathVariable String projectId,
      @RequestParam(name = "name", required = false) String name,
      Model model,
      HttpServletResponse response) {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.ownProject(me.id(), projectId);
    String n = name == null ? "" : printable(name).strip();
    if (n.isEmpty() || n.length() > NAME_MAX) {
      // Said next to the field, with what was typed, as the studio's other forms do.
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute(
          "problems", new FormProblems().add("rename", "images.project.name-problem"));
      model.addAttribute("typedName", name == null ? "" : name);
      return projectView(me, p, model);
    }
    records.renameProject(p.id(), n);
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
