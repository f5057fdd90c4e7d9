package dev.pledge.server.privacy;

import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.util.Properties;

/** Opens the privacy mailbox of {@code pledge.mail.imap.*}, for the intake and for retention. */
final class PrivacyMailbox {

  /** Work on the open folder. */
  @FunctionalInterface
  interface FolderWork<T> {
    T run(Folder folder) throws MessagingException;
  }

  private PrivacyMailbox() {}

  /** Connects, opens the folder in {@code mode} ({@link Folder#READ_WRITE}...), runs, closes. */
  static <T> T withFolder(RightsMailSettings settings, int mode, FolderWork<T> work)
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
      try (Folder folder = store.getFolder(settings.folder())) {
        folder.open(mode);
        return work.run(folder);
      }
    }
  }
}
