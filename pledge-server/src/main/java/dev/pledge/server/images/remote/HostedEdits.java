package dev.pledge.server.images.remote;

import dev.pledge.server.images.EditProvider.Operation;
import dev.pledge.server.images.EditRefused;
import dev.pledge.server.images.EditRequest;
import java.util.Locale;
import java.util.Set;

/**
 * The edits a hosted model does, and how each becomes the instruction sent with the image: a
 * semantic edit sends the user's prompt as it is; a style transfer and a text edit are written from
 * their parameters in the user's language (the models read Chinese and English alike), with the
 * user's prompt added.
 */
final class HostedEdits {

  /** Credits for one hosted edit (a model run costs more than an offline operation). */
  static final int COST = 5;

  static final Set<Operation> OPERATIONS =
      Set.of(
          new Operation("prompt", "semantic", COST),
          new Operation("style-transfer", "style", COST),
          new Operation("text-edit", "text", COST));

  private HostedEdits() {}

  /** The instruction for the model. */
  static String instruction(EditRequest request) throws EditRefused {
    boolean chinese = request.locale().getLanguage().equals(Locale.CHINESE.getLanguage());
    String extra = request.prompt().strip();
    String instruction =
        switch (request.operation()) {
          case "prompt" -> {
            if (extra.isEmpty()) {
              throw new EditRefused("images.remote.prompt-needed");
            }
            yield extra;
          }
          case "style-transfer" -> {
            String style = request.parameter("style", "");
            if (style.isEmpty()) {
              throw new EditRefused("images.remote.style-needed");
            }
            String base =
                chinese
                    ? "将整张图片转换为" + style + "风格，保持构图和主体不变。"
                    : "Transfer the whole image into the style of "
                        + style
                        + ", keeping its composition and subjects.";
            yield extra.isEmpty() ? base : base + " " + extra;
          }
          case "text-edit" -> {
            String from = request.parameter("from", "");
            String to = request.parameter("to", "");
            if (from.isEmpty() || to.isEmpty()) {
              throw new EditRefused("images.remote.text-needed");
            }
            String base =
                chinese
                    ? "把图中的文字“" + from + "”改为“" + to + "”，保持原有的字体、大小、颜色和排版。"
                    : "Replace the text \""
                        + from
                        + "\" in the image with \""
                        + to
                        + "\", keeping the original font, size, colour and layout.";
            yield extra.isEmpty() ? base : base + " " + extra;
          }
          default -> throw new EditRefused("images.refused.operation", request.operation());
        };
    if (instruction.length() > 2000) {
      throw new EditRefused("images.remote.prompt-too-long", 2000);
    }
    return instruction;
  }
}
