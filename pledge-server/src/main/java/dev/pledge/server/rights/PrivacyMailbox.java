package dev.pledge.server.rights;

import jakarta.mail.Folder;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Opens the privacy mailbox of {@code pledge.mail.imap.*}, for the intake and for retention. */
final class PrivacyMailbox {

  /** Work on the open folder. */
  @FunctionalInterface
  interface FolderWork<T> {
    T run(Folder folder) throws MessagingException;
  }

  /** Work on several open folders, in the order they were named. */
  @FunctionalInterface
  interface FoldersWork<T> {
    T run(List<Folder> folders) throws MessagingException;
  }

  private PrivacyMailbox() {}

  /** Connects, opens the folder in {@code mode} ({@link Folder#READ_WRITE}...), runs, closes. */
  static <T> T withFolder(RightsMailSettings settings, int mode, FolderWork<T> work)
      throws MessagingException {
    return withFolders(
        settings, List.of(settings.folder()), mode, folders -> work.run(folders.get(0)));
  }

  /**
   * Connects once, opens every named folder in {@code mode}, runs, closes them all. A folder that
   * does not exist fails with a {@link FolderNotFoundException} before any work is done.
   */
  static <T> T withFolders(
      RightsMailSettings settings, List<String> names, int mode, FoldersWork<T> work)
      throws MessagingException {
    String protocol = settings.ssl() ? "imaps" : "imap";
    Properties props = new Properties();
    props.put("mail." + protocol + ".connectiontimeout", "10000");
    props.put("mail." + protocol + ".timeout", "30000");
    if (settings.ssl()) {
      props.put("mail.imaps.ssl.checkserveridentity", "true");
    }
    try (Store store = Session.getInstance(props).getStore(protocol)) {
      store.connect(settings.host(), settings.port(), settings.user(), settings.password());
      List<Folder> open = new ArrayList<>(names.size());
      try {
        for (String name : names) {
          Folder folder = store.getFolder(name);
          if (!folder.exists()) {
            throw new FolderNotFoundException(folder, name);
          }
          folder.open(mode);
          open.add(folder);
        }
        return work.run(List.copyOf(open));
      } finally {
        for (Folder folder : open) {
          if (folder.isOpen()) {
            folder.close(); // as the single-folder version did: expunges in READ_WRITE
          }
        }
      }
    }
  }
}
