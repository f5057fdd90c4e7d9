package dev.pledge.server.images;

/**
 * The edit cannot be done as asked — a bad parameter, an operation the image does not allow, a
 * prompt the model refused. Never retried; the job fails, its credits are refunded, and the reason
 * is shown to the user.
 *
 * <p>The reason is a key of the images message bundle ({@code images.refused.*}), whose arguments
 * are given, or else short plain text shown as it is. It names what is wrong and how to fix it, and
 * holds no secret.
 */
public class EditRefused extends Exception {

  private final transient Object[] arguments;

  public EditRefused(String reason, Object... arguments) {
    super(reason);
    this.arguments = arguments == null ? new Object[0] : arguments.clone();
  }

  /** The reason: a message key or plain text. */
  public String reason() {
    return getMessage();
  }

  /** The message's arguments (strings and numbers). */
  public Object[] arguments() {
    return arguments.clone();
  }
}
