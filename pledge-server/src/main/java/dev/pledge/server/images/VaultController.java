package dev.pledge.server.images;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A private vault's ways in (B-11), for the vault page's script only: the key check chosen with the
 * passphrase, and objects the browser has already sealed — an upload, or the result of an edit made
 * in the browser. The server checks who may write and the object's shape and size; it cannot check
 * more, as it cannot read it. Answers JSON: the new id, or {@code {"error": text}}.
 */
@StudioController
class VaultController {

  /** The name a sealed image is stored under: the file's own name stays on the device. */
  static final String SEALED_NAME = "sealed";

  private final CurrentAccount current;
  private final ImageRecords records;
  private final ImageAccess access;
  private final ImageLibrary library;
  private final ImagePlans plans;
  private final ImageVaults vaults;
  private final MessageSource messages;

  VaultController(
      CurrentAccount current,
      ImageRecords records,
      ImageAccess access,
      ImageLibrary library,
      ImagePlans plans,
      ImageVaults vaults,
      MessageSource messages) {
    this.current = current;
    this.records = records;
    this.access = access;
    this.library = library;
    this.plans = plans;
    this.vaults = vaults;
    this.messages = messages;
  }

  /**
   * The key check, set once when the owner chooses the vault's passphrase: a known block sealed
   * under the derived key, which later tells a wrong passphrase from a right one in the browser.
   */
  @PostMapping("/images/projects/{projectId}/vault-check")
  ResponseEntity<Map<String, String>> keyCheck(
      @PathVariable String projectId,
      @RequestParam(name = "check", required = false) String check) {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.ownProject(me.id(), projectId);
    Optional<ImageVaults.Vault> vault = vaults.of(p.id());
    if (vault.isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "images.vault.not-a-vault");
    }
    if (ImageVaults.keyCheck(check).isEmpty()) {
      return error(HttpStatus.BAD_REQUEST, "images.vault.check-malformed");
    }
    if (!vaults.setKeyCheck(p.id(), check.strip())) {
      return error(HttpStatus.CONFLICT, "images.vault.check-set");
    }
    return ResponseEntity.ok(Map.of("project", p.id()));
  }

  /** A new image of the vault, sealed in the browser; answers {@code {"image": id}}. */
  @PostMapping("/images/projects/{projectId}/sealed")
  ResponseEntity<Map<String, String>> upload(
      @PathVariable String projectId, HttpServletRequest request) throws IOException {
    StudioAccount me = current.require();
    ImageRecords.Project p = access.readableProject(me.id(), projectId);
    if (!access.canEdit(me.id(), p)) {
      throw new StudioNotFound();
    }
    Sealed body = read(p, request);
    if (body.refusal() != null) {
      return body.refusal();
    }
    ImageLibrary.Uploaded up = library.storeSealed(p, null, null, body.bytes());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("image", up.image().id()));
  }

  /**
   * A new version of a vault's image, edited and sealed in the browser, as a child of {@code from}
   * (the latest when absent); answers {@code {"version": id}}.
   */
  @PostMapping("/images/{imageId}/sealed-versions")
  ResponseEntity<Map<String, String>> version(
      @PathVariable String imageId,
      @RequestParam(name = "from", required = false) String from,
      HttpServletRequest request)
      throws IOException {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.editable(me.id(), imageId);
    ImageRecords.Version parent =
        from == null
            ? records.latest(image.id()).orElseThrow(StudioNotFound::new)
            : access.version(image, from);
    ImageRecords.Project p = records.project(image.projectId()).orElseThrow(StudioNotFound::new);
    Sealed body = read(p, request);
    if (body.refusal() != null) {
      return body.refusal();
    }
    ImageLibrary.Uploaded up = library.storeSealed(p, image, parent.id(), body.bytes());
    return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("version", up.version().id()));
  }

  /** Why nothing sealed can go into {@code p} yet, if so. */
  private Optional<ResponseEntity<Map<String, String>>> refusal(ImageRecords.Project p) {
    Optional<ImageVaults.Vault> vault = vaults.of(p.id());
    if (vault.isEmpty()) {
      return Optional.of(error(HttpStatus.BAD_REQUEST, "images.vault.not-a-vault"));
    }
    if (vault.get().keyCheck() == null) {
      return Optional.of(error(HttpStatus.CONFLICT, "images.vault.no-passphrase"));
    }
    return Optional.empty();
  }

  private record Sealed(byte[] bytes, ResponseEntity<Map<String, String>> refusal) {}

  /**
   * The body, when {@code p} is a vault with its passphrase chosen, within the plan's bytes plus
   * the sealing's overhead: refused from its declared length before it is read, and again from what
   * came.
   */
  private Sealed read(ImageRecords.Project p, HttpServletRequest request) throws IOException {
    Optional<ResponseEntity<Map<String, String>>> refused = refusal(p);
    if (refused.isPresent()) {
      return new Sealed(null, refused.get());
    }
    long max = plans.limits(p.owner()).maxBytes() + ImageVaults.OVERHEAD;
    long declared = request.getContentLengthLong();
    if (declared > max) {
      return new Sealed(null, tooLarge(declared, max));
    }
    byte[] bytes;
    try (InputStream in = request.getInputStream()) {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
    }
    if (bytes.length > max) {
      return new Sealed(null, tooLarge(bytes.length, max));
    }
    if (!ImageVaults.sealedShape(bytes, 1)) {
      return new Sealed(null, error(HttpStatus.BAD_REQUEST, "images.vault.not-sealed"));
    }
    return new Sealed(bytes, null);
  }

  private ResponseEntity<Map<String, String>> tooLarge(long bytes, long max) {
    return error(
        HttpStatus.PAYLOAD_TOO_LARGE,
        "images.upload.too-large",
        ImageInspector.megabytes(bytes),
        ImageInspector.megabytes(max - ImageVaults.OVERHEAD));
  }

  private ResponseEntity<Map<String, String>> error(
      HttpStatus status, String key, Object... arguments) {
    return ResponseEntity.status(status)
        .body(
            Map.of(
                "error",
                messages.getMessage(key, arguments, key, LocaleContextHolder.getLocale())));
  }
}
