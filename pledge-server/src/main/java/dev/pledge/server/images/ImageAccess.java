package dev.pledge.server.images;

import dev.pledge.server.accounts.TeamAccess;
import dev.pledge.server.studio.StudioNotFound;
import org.springframework.stereotype.Component;

/**
 * Who may reach what (B-14): a private project's things are its owner's; a team project's are
 * readable and editable by the team's members; only the owner manages (deletes, shares, sets the
 * retention). Anything else is answered like an id that does not exist: {@link StudioNotFound}.
 */
@Component
class ImageAccess {

  private final ImageRecords records;
  private final TeamAccess teams;

  ImageAccess(ImageRecords records, TeamAccess teams) {
    this.records = records;
    this.teams = teams;
  }

  boolean canRead(String account, ImageRecords.Project p) {
    return p.owner().equals(account) || (p.teamId() != null && teams.canRead(account, p.teamId()));
  }

  boolean canEdit(String account, ImageRecords.Project p) {
    return p.owner().equals(account) || (p.teamId() != null && teams.canEdit(account, p.teamId()));
  }

  ImageRecords.Project readableProject(String account, String projectId) {
    return records
        .project(projectId)
        .filter(p -> canRead(account, p))
        .orElseThrow(StudioNotFound::new);
  }

  ImageRecords.Project ownProject(String account, String projectId) {
    return records
        .project(projectId)
        .filter(p -> p.owner().equals(account))
        .orElseThrow(StudioNotFound::new);
  }

  ImageRecords.Image readable(String account, String imageId) {
    ImageRecords.Image img = records.image(imageId).orElseThrow(StudioNotFound::new);
    ImageRecords.Project p = records.project(img.projectId()).orElseThrow(StudioNotFound::new);
    if (!canRead(account, p)) {
      throw new StudioNotFound();
    }
    return img;
  }

  ImageRecords.Image editable(String account, String imageId) {
    ImageRecords.Image img = records.image(imageId).orElseThrow(StudioNotFound::new);
    ImageRecords.Project p = records.project(img.projectId()).orElseThrow(StudioNotFound::new);
    if (!canEdit(account, p)) {
      throw new StudioNotFound();
    }
    return img;
  }

  /** The image, when the account owns it (delete, share, retention). */
  ImageRecords.Image owned(String account, String imageId) {
    ImageRecords.Image img = records.image(imageId).orElseThrow(StudioNotFound::new);
    if (!img.owner().equals(account)) {
      throw new StudioNotFound();
    }
    return img;
  }

  /** A version of an image the account may read, or not found. */
  ImageRecords.Version version(ImageRecords.Image img, String versionId) {
    return records
        .version(versionId)
        .filter(v -> v.imageId().equals(img.id()))
        .orElseThrow(StudioNotFound::new);
  }
}
