package dev.pledge.server.images;

import dev.pledge.server.accounts.CurrentAccount;
import dev.pledge.server.accounts.StudioAccount;
import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Sharing an image (B-28): its owner switches a public link on (with an optional expiry) or off; a
 * public page shows the latest version to anyone with the link, sets no cookie and carries nothing
 * personal — the file was stripped of its metadata at the door.
 */
@StudioController
class ShareController {

  private final CurrentAccount current;
  private final ImageAccess access;
  private final ImageShares shares;
  private final ImageRecords records;
  private final ImageLibrary library;
  private final Clock clock;

  ShareController(
      CurrentAccount current,
      ImageAccess access,
      ImageShares shares,
      ImageRecords records,
      ImageLibrary library,
      Clock clock) {
    this.current = current;
    this.access = access;
    this.shares = shares;
    this.records = records;
    this.library = library;
    this.clock = clock;
  }

  @PostMapping("/images/{imageId}/share")
  String share(
      @PathVariable String imageId,
      @RequestParam(name = "expires", required = false) String expires,
      RedirectAttributes flash) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    if (shares.minor(image.owner())) {
      return "redirect:/images/" + image.id() + "?share-minor";
    }
    Instant until =
        switch (expires == null ? "" : expires) {
          case "P1D" -> clock.instant().plus(Duration.ofDays(1));
          case "P7D" -> clock.instant().plus(Duration.ofDays(7));
          case "P30D" -> clock.instant().plus(Duration.ofDays(30));
          default -> null;
        };
    String token = shares.enable(image, until);
    // The token is shown once, on the next page, and kept nowhere but in the link itself.
    flash.addFlashAttribute("shareToken", token);
    return "redirect:/images/" + image.id() + "?shared";
  }

  @PostMapping("/images/{imageId}/unshare")
  String unshare(@PathVariable String imageId) {
    StudioAccount me = current.require();
    ImageRecords.Image image = access.owned(me.id(), imageId);
    shares.disable(image.id());
    return "redirect:/images/" + image.id() + "?unshared";
  }

  @GetMapping("/s/{token}")
  String publicPage(@PathVariable String token, Model model) {
    ImageRecords.Image image =
        shares.open(token).flatMap(records::image).orElseThrow(StudioNotFound::new);
    ImageRecords.Version v = records.latest(image.id()).orElseThrow(StudioNotFound::new);
    if (!library.present(v)) {
      throw new StudioNotFound();
    }
    model.addAttribute("token", token);
    model.addAttribute("name", image.name());
    model.addAttribute("version", v);
    return "studio/images-public";
  }

  @GetMapping("/s/{token}/image")
  void publicImage(@PathVariable String token, HttpServletResponse response) throws IOException {
    ImageRecords.Image image =
        shares.open(token).flatMap(records::image).orElseThrow(StudioNotFound::new);
    ImageRecords.Version v = records.latest(image.id()).orElseThrow(StudioNotFound::new);
    EditorController.send(library, image, v, false, response);
  }
}
