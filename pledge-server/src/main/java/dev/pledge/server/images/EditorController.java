package dev.pledge.server.images;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.blobs.UnreadableBlobException;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The editor (B-06): one image, the version shown, the tools, the prompt, the version tree with
 * undo, branch, compare, names and stars, the edit history with its settings and cost (B-02), live
 * job progress, the retention of the image's files (B-18, B-19), and deleting a version or the
 * image for real (B-28). Every route answers 404 for an image the reader may not see (B-14).
 */
@StudioController
class EditorController {

  static final int LABEL_MAX = 80;

  private final CurrentAccount current;
  private final ImageRecords records;
  private final ImageAccess access;
  private final ImageLibrary library;
  private final EditJobs jobs;
  private final ImageProviders providers;
  private final ImagePlans plans;
  private final ImageShares shares;
  private final EditCredits credits;
  private final ImageVaults vaults;
  private final MessageSource messages;
  private final Clock clock;

  EditorController(
      CurrentAccount current,
      ImageRecords records,
      ImageAccess access,
      ImageLibrary library,
      EditJobs jobs,
      ImageProviders providers,
      ImagePlans plans,
      ImageShares shares,
      EditCredits credits,
      ImageVaults vaults,
      MessageSource messages,
      Clock clock) {
    this.vaults = vaults;
    this.credits = credits;
    this.clock = clock;
    this.current = current;
    this.records = records;
    this.access = access;
    this.library = library;
    this.jobs = jobs;
    this.providers = providers;
    this.plans = plans;
    this.shares = shares;
    this.messages = messages;
  }

  /** A version in the tree, with its depth and the edit that made it. */
  record Node(ImageRecords.Version version, int depth, EditJobs.Job job, String prompt) {}

  @GetMapping("/images/{imageId}")
  String editor(
      @PathVariable String imageId,
      @RequestParam(name = "v", required = false) String versionId,
      @RequestParam(name = "job", required = false) String jobId,
      Model model) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.readable(me.id(), imageId);
    ImageRecords.Project project = records.project(image.projectId()).orElseThrow();
    List<ImageRecords.Version> versions = records.versionsOf(image.id());
    ImageRecords.Version shown =
        versionId == null
            ? records.latest(image.id()).orElseThrow(StudioNotFound::new)
            : access.version(image, versionId);
    Optional<ImageVaults.Vault> vault = vaults.of(project.id());
    if (vault.isPresent()) {
      return vaultEditor(me, image, project, vault.get(), versions, shown, model);
    }
    Map<String, EditJobs.Job> byVersion = new HashMap<>();
    List<EditJobs.Job> history = jobs.jobsOf(image.id());
    for (EditJobs.Job j : history) {
      if (j.resultVersionId() != null) {
        byVersion.put(j.resultVersionId(), j);
      }
    }
    model.addAttribute("image", image);
    model.addAttribute("project", project);
    model.addAttribute("shown", shown);
    model.addAttribute("shownJob", byVersion.get(shown.id()));
    model.addAttribute(
        "parent",
        shown.parentId() == null
            ? null
            : versions.stream()
                .filter(v -> v.id().equals(shown.parentId()))
                .findFirst()
                .orElse(null));
    model.addAttribute("tree", tree(versions, byVersion));
    model.addAttribute("history", history);
    model.addAttribute("prompts", prompts(history));
    model.addAttribute("canEdit", access.canEdit(me.id(), project));
    model.addAttribute("owner", image.owner().equals(me.id()));
    model.addAttribute("removed", image.removed().counts());
    model.addAttribute("providers", providers.usableBy(me.id(), me.region()));
    model.addAttribute("operations", BuiltInProvider.OPERATIONS);
    model.addAttribute("fonts", TextFonts.NAMES);
    model.addAttribute("retentionChoices", plans.retentionChoices(image.owner()));
    model.addAttribute("present", library.present(shown));
    model.addAttribute("dueAt", library.dueAt(image, shown).orElse(null));
    model.addAttribute("share", shares.of(image.id()).orElse(null));
    model.addAttribute("minor", shares.minor(image.owner()));
    model.addAttribute("balance", credits.balance(me.id()));
    model.addAttribute("pendingJob", jobId);
    return "studio/images-editor";
  }

  /**
   * A vault's image (B-11): the page draws it after the browser decrypts it, offers the edits the
   * browser can make itself, and says why the others are not there. Nothing here reads the file.
   */
  private String vaultEditor(
      StudioAccount me,
      ImageRecords.Image image,
      ImageRecords.Project project,
      ImageVaults.Vault vault,
      List<ImageRecords.Version> versions,
      ImageRecords.Version shown,
      Model model) {
    model.addAttribute("image", image);
    model.addAttribute("project", project);
    model.addAttribute("vault", vault);
    model.addAttribute("shown", shown);
    model.addAttribute("tree", tree(versions, Map.of()));
    model.addAttribute("canEdit", access.canEdit(me.id(), project));
    model.addAttribute("owner", image.owner().equals(me.id()));
    model.addAttribute("present", library.present(shown));
    model.addAttribute("maxBytes", plans.limits(image.owner()).maxBytes());
    return "studio/images-vault";
  }

  /**
   * Switches the image's public link on (a new token each time, optionally expiring) and shows the
   * editor with the link in this very response: the token is shown once and kept nowhere else — not
   * in the session, not in a URL the server sees again — only its hash is stored.
   */
  @PostMapping("/images/{imageId}/share")
  String share(
      @PathVariable String imageId,
      @RequestParam(name = "expires", required = false) String expires,
      Model model) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    if (shares.minor(image.owner())) {
      return "redirect:/images/" + image.id() + "?share-minor";
    }
    if (vaults.holds(image)) {
      // A public link would hand out ciphertext nobody could open without the passphrase.
      return "redirect:/images/" + image.id() + "?share-vault";
    }
    Instant until =
        switch (expires == null ? "" : expires) {
          case "P1D" -> clock.instant().plus(Duration.ofDays(1));
          case "P7D" -> clock.instant().plus(Duration.ofDays(7));
          case "P30D" -> clock.instant().plus(Duration.ofDays(30));
          default -> null;
        };
    model.addAttribute("shareToken", shares.enable(image, until));
    return editor(image.id(), null, null, model);
  }

  @PostMapping("/images/{imageId}/unshare")
  String unshare(@PathVariable String imageId) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    shares.disable(image.id());
    return "redirect:/images/" + image.id() + "?unshared";
  }

  private Map<String, String> prompts(List<EditJobs.Job> history) {
    Map<String, String> out = new HashMap<>();
    for (EditJobs.Job j : history) {
      jobs.prompt(j.id()).ifPresent(p -> out.put(j.id(), p));
    }
    return out;
  }

  /** The versions as a tree, depth first, children oldest first. */
  static List<Node> tree(List<ImageRecords.Version> versions, Map<String, EditJobs.Job> jobs) {
    Map<String, List<ImageRecords.Version>> children = new LinkedHashMap<>();
    List<ImageRecords.Version> roots = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    versions.forEach(v -> ids.add(v.id()));
    for (ImageRecords.Version v : versions) {
      if (v.parentId() == null || !ids.contains(v.parentId())) {
        roots.add(v);
      } else {
        children.computeIfAbsent(v.parentId(), k -> new ArrayList<>()).add(v);
      }
    }
    List<Node> out = new ArrayList<>();
    for (ImageRecords.Version r : roots) {
      walk(r, 0, children, jobs, out);
    }
    return out;
  }

  private static void walk(
      ImageRecords.Version v,
      int depth,
      Map<String, List<ImageRecords.Version>> children,
      Map<String, EditJobs.Job> jobs,
      List<Node> out) {
    out.add(new Node(v, Math.min(depth, 12), jobs.get(v.id()), null));
    for (ImageRecords.Version c : children.getOrDefault(v.id(), List.of())) {
      walk(c, depth + 1, children, jobs, out);
    }
  }

  /** A version's file, decrypted, for the signed-in reader only; never cached by others. */
  @GetMapping("/images/{imageId}/versions/{versionId}/content")
  void content(
      @PathVariable String imageId,
      @PathVariable String versionId,
      @RequestParam(name = "download", required = false) String download,
      HttpServletResponse response)
      throws IOException {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.readable(me.id(), imageId);
    ImageRecords.Version v = access.version(image, versionId);
    send(library, image, v, download != null, response);
  }

  static void send(
      ImageLibrary library,
      ImageRecords.Image image,
      ImageRecords.Version v,
      boolean download,
      HttpServletResponse response)
      throws IOException {
    InputStream in;
    try {
      in = library.open(v);
    } catch (NoSuchElementException | UnreadableBlobException e) {
      throw new StudioNotFound(); // expired by retention, or unreadable after an erasure
    }
    try (in) {
      response.setContentType(v.contentType());
      response.setHeader("Cache-Control", "private, no-store");
      response.setHeader("X-Content-Type-Options", "nosniff");
      String ext =
          ImageFormat.ofMediaType(v.contentType()).map(ImageFormat::extension).orElse("bin");
      response.setHeader(
          "Content-Disposition",
          download
              ? ContentDisposition.attachment()
                  .filename(downloadName(image, v, ext), StandardCharsets.UTF_8)
                  .build()
                  .toString()
              // Inline (also a public link's picture): the ids only, not the uploaded file's name.
              : "inline; filename=\"image-" + v.id() + "." + ext + "\"");
      OutputStream out = response.getOutputStream();
      in.transferTo(out);
    }
  }

  /**
   * The name a download is saved under: the uploaded file's, so a person finds "board.jpg" in their
   * downloads rather than "image-" and a UUID; an edit adds its version's short id, so versions
   * saved side by side do not overwrite each other.
   */
  static String downloadName(ImageRecords.Image image, ImageRecords.Version v, String ext) {
    String name = image.name() == null ? "" : image.name();
    String stem =
        name.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "").replaceAll("[\\p{Cntrl}\"\\\\/]", "").strip();
    if (stem.isEmpty()) {
      stem = "image";
    }
    if (!v.source()) {
      stem = stem + "-" + v.id().substring(0, Math.min(8, v.id().length()));
    }
    return stem + "." + ext;
  }

  /**
   * An edit: the built-in operation with its settings, or a provider's prompt. Answers with the job
   * (JSON for the page's script; otherwise back to the editor, which polls it).
   */
  @PostMapping("/images/{imageId}/edits")
  Object edit(
      @PathVariable String imageId,
      @RequestParam(name = "from", required = false) String from,
      @RequestParam(name = "provider", required = false) String provider,
      @RequestParam(name = "operation", required = false) String operation,
      @RequestParam(name = "prompt", required = false) String prompt,
      @RequestParam Map<String, String> form,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.editable(me.id(), imageId);
    ImageRecords.Version parent =
        from == null
            ? records.latest(image.id()).orElseThrow(StudioNotFound::new)
            : access.version(image, from);
    Map<String, String> params = new LinkedHashMap<>(form);
    for (String k : List.of("from", "provider", "operation", "prompt", "_csrf")) {
      params.remove(k);
    }
    boolean json = wantsJson(request);
    Locale locale = LocaleContextHolder.getLocale();
    try {
      String job =
          jobs.submit(
              me,
              image,
              parent,
              provider == null || provider.isBlank() ? EditProvider.BUILT_IN : provider,
              operation,
              params,
              prompt,
              locale);
      if (json) {
        return ResponseEntity.accepted()
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("job", job));
      }
      return "redirect:/images/" + image.id() + "?v=" + parent.id() + "&job=" + job;
    } catch (EditJobs.Refused e) {
      String text = messages.getMessage(e.getMessage(), e.arguments, e.getMessage(), locale);
      if (json) {
        return ResponseEntity.badRequest()
            .contentType(MediaType.APPLICATION_JSON)
            .body(Map.of("error", text));
      }
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("refusal", text);
      return editor(image.id(), parent.id(), null, model);
    }
  }

  static boolean wantsJson(HttpServletRequest request) {
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("application/json");
  }

  /** A job's state, for the page's live progress. */
  @GetMapping("/images/{imageId}/jobs/{jobId}")
  @ResponseBody
  Map<String, Object> job(@PathVariable String imageId, @PathVariable String jobId) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.readable(me.id(), imageId);
    EditJobs.Job j =
        jobs.job(jobId)
            .filter(x -> x.imageId().equals(image.id()))
            .orElseThrow(StudioNotFound::new);
    Locale locale = LocaleContextHolder.getLocale();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("state", j.state());
    out.put("progress", Math.round(j.progress() * 100));
    String step = j.progressMessage();
    out.put("message", step == null ? "" : messages.getMessage(step, null, step, locale));
    if (j.resultVersionId() != null) {
      out.put("version", j.resultVersionId());
    }
    Map.Entry<String, Object[]> failure = EditJobs.failureOf(j.failure());
    if (failure != null) {
      out.put(
          "error",
          messages.getMessage(failure.getKey(), failure.getValue(), failure.getKey(), locale));
    }
    return out;
  }

  @PostMapping("/images/{imageId}/versions/{versionId}/label")
  String label(
      @PathVariable String imageId,
      @PathVariable String versionId,
      @RequestParam(name = "label", required = false) String label) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.editable(me.id(), imageId);
    ImageRecords.Version v = access.version(image, versionId);
    String l = label == null ? "" : label.strip();
    records.label(v.id(), l.length() > LABEL_MAX ? l.substring(0, LABEL_MAX) : l);
    return "redirect:/images/" + image.id() + "?v=" + v.id();
  }

  @PostMapping("/images/{imageId}/versions/{versionId}/star")
  String star(@PathVariable String imageId, @PathVariable String versionId) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.editable(me.id(), imageId);
    ImageRecords.Version v = access.version(image, versionId);
    records.star(v.id(), !v.starred());
    return "redirect:/images/" + image.id() + "?v=" + v.id();
  }

  @PostMapping("/images/{imageId}/versions/{versionId}/delete")
  String deleteVersion(@PathVariable String imageId, @PathVariable String versionId) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    ImageRecords.Version v = access.version(image, versionId);
    if (records.versionsOf(image.id()).size() <= 1) {
      library.deleteImage(me.id(), image);
      return "redirect:/images/projects/" + image.projectId() + "?deleted";
    }
    library.deleteVersion(me.id(), v);
    return "redirect:/images/" + image.id() + (v.parentId() == null ? "" : "?v=" + v.parentId());
  }

  @PostMapping("/images/{imageId}/retention")
  String retention(
      @PathVariable String imageId,
      @RequestParam(name = "retention", required = false) String retention) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    String r = retention == null ? "" : retention.strip();
    if (!r.equals("default") && !plans.retentionChoices(image.owner()).contains(r)) {
      return "redirect:/images/" + image.id() + "?retention-refused";
    }
    library.setRetention(image, r);
    return "redirect:/images/" + image.id() + "?retention-saved";
  }

  @PostMapping("/images/{imageId}/delete")
  String deleteImage(@PathVariable String imageId) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    library.deleteImage(me.id(), image);
    return "redirect:/images/projects/" + image.projectId() + "?deleted";
  }

  /** For templates: when an instant is, in the reader's words. */
  static Optional<Instant> none() {
    return Optional.empty();
  }
}
