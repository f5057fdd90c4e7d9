package dev.pledge.server.images;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.accounts.StudioAccounts;
import dev.pledge.server.images.text.TextOperations;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The editor's text panel asks here which lines of text a version holds (B-06): the built-in {@code
 * detect-text} runs in an edit worker like any edit (B-15: the server never decodes the pixels),
 * but waits for its answer instead of queueing a job, because it changes nothing — no version, no
 * credit, and the text read is not stored (it is the person's image's content, shown once to them).
 * One reading per account at a time, so nobody holds every worker.
 */
@StudioController
class TextLinesController {

  private final CurrentAccount current;
  private final ImageAccess access;
  private final ImageLibrary library;
  private final ImageProviders providers;
  private final ImagePlans plans;
  private final WorkerPool pool;
  private final StudioAccounts accounts;
  private final MessageSource messages;
  private final ImageVaults vaults;
  private final Set<String> reading = ConcurrentHashMap.newKeySet();

  TextLinesController(
      CurrentAccount current,
      ImageAccess access,
      ImageLibrary library,
      ImageProviders providers,
      ImagePlans plans,
      WorkerPool pool,
      StudioAccounts accounts,
      MessageSource messages,
      ImageVaults vaults) {
    this.vaults = vaults;
    this.current = current;
    this.access = access;
    this.library = library;
    this.providers = providers;
    this.plans = plans;
    this.pool = pool;
    this.accounts = accounts;
    this.messages = messages;
  }

  /**
   * The lines of one version as {@code detect-text} gives them: {@code {"width", "height", "lines":
   * [{"text", "confidence", "box": [[x, y] ×4]}]}}; or {@code {"error"}} with 4xx/5xx.
   */
  @PostMapping("/images/{imageId}/versions/{versionId}/text-lines")
  ResponseEntity<?> lines(@PathVariable String imageId, @PathVariable String versionId)
      throws InterruptedException {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.editable(me.id(), imageId);
    ImageRecords.Version version = access.version(image, versionId);
    if (vaults.holds(image)) {
      return error(HttpStatus.UNPROCESSABLE_ENTITY, "images.vault.no-server-edits");
    }
    byte[] source;
    try {
      source = library.read(version);
    } catch (IOException | NoSuchElementException e) {
      throw new StudioNotFound(); // expired by retention, or unreadable after an erasure
    }
    if (!reading.add(me.id())) {
      return error(HttpStatus.TOO_MANY_REQUESTS, "images.text.busy");
    }
    WorkerPool.Answer answer;
    try {
      EditProvider builtIn = providers.byId(EditProvider.BUILT_IN).orElseThrow();
      ImageLimits limits = plans.limits(image.owner());
      answer =
          pool.run(
              new WorkerProtocol.Job(
                  BuiltInProvider.class.getName(),
                  EditProvider.BUILT_IN,
                  TextOperations.DETECT,
                  Map.of(),
                  "",
                  accounts.language(me.id()).orElse("en"),
                  providers.settings(builtIn).asMap(),
                  version.contentType(),
                  1,
                  limits.maxPixels(),
                  Math.max(limits.maxBytes(), 64L << 20),
                  false),
              source,
              (fraction, message) -> {});
    } finally {
      reading.remove(me.id());
    }
    if (answer instanceof WorkerPool.Done done) {
      String note =
          done.result().notes().stream()
              .filter(n -> n.startsWith(TextOperations.LINES_NOTE))
              .findFirst()
              .orElse(null);
      if (note == null) {
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "images.text.failed");
      }
      return ResponseEntity.ok()
          .contentType(new MediaType(MediaType.APPLICATION_JSON, StandardCharsets.UTF_8))
          .header("Cache-Control", "no-store")
          .body(note.substring(TextOperations.LINES_NOTE.length()));
    }
    if (answer instanceof WorkerPool.Failed f && !"failed".equals(f.failure().kind())) {
      // The person's reason (an unreadable image, a limit of the plan).
      return error(HttpStatus.BAD_REQUEST, f.failure().reason(), f.failure().arguments().toArray());
    }
    if (answer instanceof WorkerPool.Died d && "time".equals(d.reason())) {
      return error(HttpStatus.SERVICE_UNAVAILABLE, "images.text.time-limit");
    }
    return error(HttpStatus.SERVICE_UNAVAILABLE, "images.text.failed");
  }

  private ResponseEntity<Map<String, String>> error(
      HttpStatus status, String key, Object... arguments) {
    Locale locale = LocaleContextHolder.getLocale();
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .header("Cache-Control", "no-store")
        .body(Map.of("error", messages.getMessage(key, arguments, key, locale)));
  }
}
