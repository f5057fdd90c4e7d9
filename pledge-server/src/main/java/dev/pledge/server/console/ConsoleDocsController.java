package dev.pledge.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * Pledge's own documentation — the README and {@code docs/} — inside the console, so that what the
 * Compliance page advises links to the section that explains it, on any deployment, whatever its
 * version: the files travel in the jar. Links between them are kept inside the console.
 */
@Controller
class ConsoleDocsController {

  /** The documents served, by the name in the URL, and their file in the jar. */
  static final Map<String, String> DOCUMENTS =
      Map.of(
          "readme", "README.md",
          "retention", "retention.md",
          "policy-language", "policy-language.md",
          "audit-trail", "audit-trail.md",
          "modules", "modules.md");

  private static final List<Extension> EXTENSIONS =
      List.of(TablesExtension.create(), HeadingAnchorExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer HTML =
      HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true).build();
  private static final TextContentRenderer TEXT = TextContentRenderer.builder().build();
  private static final Pattern MARKDOWN_LINK =
      Pattern.compile("^(?:\\.{1,2}/)*(?:docs/)?([A-Za-z-]+)\\.md(#.*)?$");

  private record Page(String title, String html) {}

  private final Map<String, Page> pages = new ConcurrentHashMap<>();

  @GetMapping("/console/docs/{name}")
  String doc(@PathVariable String name, Model model) {
    String file = DOCUMENTS.get(name);
    if (file == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such document");
    }
    Page page = pages.computeIfAbsent(name, n -> render(file));
    model.addAttribute("title", page.title());
    model.addAttribute("html", page.html());
    model.addAttribute("documents", DOCUMENTS.keySet().stream().sorted().toList());
    return "console/docs";
  }

  private static Page render(String file) {
    String text;
    try (InputStream in =
        ConsoleDocsController.class.getClassLoader().getResourceAsStream("docs/" + file)) {
      if (in == null) {
        throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This build carries no " + file);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND, "This build carries no " + file);
    }
    Node document = PARSER.parse(text);
    String[] title = {file};
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Heading heading) {
            if (heading.getLevel() == 1 && title[0].equals(file)) {
              title[0] = TEXT.render(heading).strip();
            }
            visitChildren(heading);
          }

          @Override
          public void visit(Link link) {
            link.setDestination(inConsole(link.getDestination()));
            visitChildren(link);
          }
        });
    return new Page(title[0], HTML.render(document));
  }

  /** A link to another document of the set stays in the console; any other is left as it is. */
  static String inConsole(String destination) {
    Matcher m = MARKDOWN_LINK.matcher(destination);
    if (!m.matches()) {
      return destination;
    }
    String name = m.group(1).equalsIgnoreCase("README") ? "readme" : m.group(1);
    if (!DOCUMENTS.containsKey(name)) {
      return destination;
    }
    return "/console/docs/" + name + (m.group(2) == null ? "" : m.group(2));
  }
}
