package dev.pledge.server.images;

import dev.pledge.server.studio.StudioController;
import dev.pledge.server.studio.StudioNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * An image's public link (B-28; switched on and off in the editor, {@link EditorController}): the
 * page shows the latest version to anyone with the link, sets no cookie and carries nothing
 * personal — the file was stripped of its metadata at the door.
 */
@StudioController
class ShareController {

  private final ImageShares shares;
  private final ImageRecords records;
  private final ImageLibrary library;

  ShareController(ImageShares shares, ImageRecords records, ImageLibrary library) {
    this.shares = shares;
    this.records = records;
    this.library = library;
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
