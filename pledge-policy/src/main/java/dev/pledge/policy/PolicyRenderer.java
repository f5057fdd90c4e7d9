package dev.pledge.policy;

import java.util.Objects;

/**
 * Publishes a policy. Every form is generated from the {@link Policy} value alone, the same value
 * the engine enforces, so the published words cannot drift from the behaviour.
 */
public final class PolicyRenderer {

  /** The published forms of a policy. */
  public enum Format {
    /** A complete, self-contained HTML page (see {@link #htmlDocument}). */
    HTML("text/html; charset=utf-8", "html"),
    /** The same content as GitHub-flavoured Markdown. */
    MARKDOWN("text/markdown; charset=utf-8", "md"),
    /** The whole policy as machine-readable JSON with a stable structure. */
    JSON("application/json", "json"),
    /** The GDPR Art. 30 record of processing activities, as Markdown. */
    ART30("text/markdown; charset=utf-8", "md");

    private final String mediaType;
    private final String fileExtension;

    Format(String mediaType, String fileExtension) {
      this.mediaType = mediaType;
      this.fileExtension = fileExtension;
    }

    /** The Content-Type to serve this form with. */
    public String mediaType() {
      return mediaType;
    }

    /** The usual file extension, without the dot. */
    public String fileExtension() {
      return fileExtension;
    }
  }

  private PolicyRenderer() {}

  /** The policy in the given form. */
  public static String render(Policy policy, Format format) {
    Objects.requireNonNull(policy, "policy");
    return switch (Objects.requireNonNull(format, "format")) {
      case HTML -> htmlDocument(policy);
      case MARKDOWN -> MarkdownPolicyWriter.write(PolicyContent.of(policy));
      case JSON -> JsonPolicyWriter.write(policy);
      case ART30 -> ProcessingRecordWriter.write(policy);
    };
  }

  /**
   * The published policy as an HTML fragment, an {@code <article>} without {@code <html>} or {@code
   * <head>}, for a site layout to embed in its own page.
   */
  public static String htmlBody(Policy policy) {
    return HtmlPolicyWriter.body(PolicyContent.of(Objects.requireNonNull(policy, "policy")));
  }

  /**
   * The published policy as a complete page with an inline stylesheet and no external resources.
   */
  public static String htmlDocument(Policy policy) {
    return HtmlPolicyWriter.document(PolicyContent.of(Objects.requireNonNull(policy, "policy")));
  }

  /**
   * The same page with its stylesheet linked from {@code stylesheetHref} (serve {@link
   * #htmlStylesheet()} there), for a server whose content-security policy allows no inline style.
   */
  public static String htmlDocument(Policy policy, String stylesheetHref) {
    return HtmlPolicyWriter.document(
        PolicyContent.of(Objects.requireNonNull(policy, "policy")),
        Objects.requireNonNull(stylesheetHref, "stylesheetHref"));
  }

  /** The stylesheet of the HTML page, as {@link #htmlDocument(Policy)} inlines it. */
  public static String htmlStylesheet() {
    return HtmlPolicyWriter.STYLE;
  }
}
