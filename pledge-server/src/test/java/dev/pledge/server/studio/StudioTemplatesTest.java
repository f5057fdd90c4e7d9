package dev.pledge.server.studio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.parser.Parser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The studio speaks English and 简体中文 everywhere: both bundles have every key, every key a template
 * asks for exists, and no studio template carries text of its own — every word comes from a message
 * key, so no page can show up half translated.
 */
class StudioTemplatesTest {

  static final Path TEMPLATES = Path.of("src/main/resources/templates/studio");
  static final Path EN = Path.of("src/main/resources/messages.properties");
  static final Path ZH = Path.of("src/main/resources/messages_zh_CN.properties");

  /**
   * Bundles of modules with words of their own (spring.messages.basename), English then Chinese.
   */
  static final List<Path[]> MODULE_BUNDLES =
      List.<Path[]>of(
          new Path[] {
            Path.of("src/main/resources/images/messages.properties"),
            Path.of("src/main/resources/images/messages_zh_CN.properties")
          },
          new Path[] {
            Path.of("src/main/resources/devapi/messages.properties"),
            Path.of("src/main/resources/devapi/messages_zh_CN.properties")
          },
          new Path[] {
            Path.of("src/main/resources/consent/messages.properties"),
            Path.of("src/main/resources/consent/messages_zh_CN.properties")
          });

  /** Attributes a person reads: they must come from a message key too. */
  static final Set<String> READABLE = Set.of("placeholder", "title", "alt", "aria-label", "label");

  static final Pattern KEY = Pattern.compile("#\\{([a-z0-9.-]+)[}(]");

  static Properties bundle(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    // The studio's bundle stands for every basename: a key may live in a module's bundle.
    int language = file.equals(EN) ? 0 : file.equals(ZH) ? 1 : -1;
    if (language >= 0) {
      for (Path[] module : MODULE_BUNDLES) {
        Properties m = bundle(module[language]);
        for (String key : m.stringPropertyNames()) {
          assertThat(p).as("%s is in two bundles", key).doesNotContainKey(key);
          p.setProperty(key, m.getProperty(key));
        }
      }
    }
    return p;
  }

  static List<Path> templates() throws IOException {
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      return files.filter(f -> f.toString().endsWith(".html")).sorted().toList();
    }
  }

  @Test
  @DisplayName("both bundles have the same keys, none empty")
  void bundlesMatch() throws IOException {
    Properties en = bundle(EN);
    Properties zh = bundle(ZH);
    assertThat(new TreeSet<>(zh.stringPropertyNames()))
        .as("keys in English but not in Chinese, or the other way round")
        .isEqualTo(new TreeSet<>(en.stringPropertyNames()));
    en.forEach((k, v) -> assertThat(v.toString()).as("English %s", k).isNotBlank());
    zh.forEach((k, v) -> assertThat(v.toString()).as("Chinese %s", k).isNotBlank());
    assertThat(en.size()).isGreaterThan(100);
  }

  /** A number placeholder before "credits", outside a choice: "1 credits" when it is one. */
  static final Pattern BARE_CREDITS = Pattern.compile("(?<![#<])\\{\\d+\\} credits?\\b");

  @Test
  @DisplayName("an English count of credits agrees with its number: 1 credit, 2 credits")
  void creditsAgreeWithTheirNumber() throws IOException {
    Properties en = bundle(EN);
    List<String> bare = new ArrayList<>();
    en.forEach(
        (k, v) -> {
          if (BARE_CREDITS.matcher(v.toString()).find()) {
            bare.add(k + "=" + v);
          }
        });
    assertThat(bare).as("use {n,choice,0#{n} credits|1#1 credit|1<{n} credits}").isEmpty();
    // An edit of one credit in the editor's version list, and a refused edit.
    assertThat(
            new java.text.MessageFormat(en.getProperty("images.version.made"), java.util.Locale.UK)
                .format(new Object[] {"builtin", "builtin/rotate", 1}))
        .isEqualTo("by builtin (builtin/rotate), 1 credit");
    assertThat(
            new java.text.MessageFormat(
                    en.getProperty("images.refused.credits"), java.util.Locale.UK)
                .format(new Object[] {1, 0L}))
        .startsWith("This edit costs 1 credit and you have 0.");
    assertThat(
            new java.text.MessageFormat(en.getProperty("checkout.balance"), java.util.Locale.UK)
                .format(new Object[] {10_000L}))
        .isEqualTo("You have 10,000 credits.");
  }

  @Test
  @DisplayName("every message key a studio template uses exists")
  void keysExist() throws IOException {
    Properties en = bundle(EN);
    List<String> missing = new ArrayList<>();
    for (Path t : templates()) {
      Matcher m = KEY.matcher(Files.readString(t));
      while (m.find()) {
        if (!en.containsKey(m.group(1))) {
          missing.add(t.getFileName() + ": " + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  @DisplayName("no studio template has text of its own: every word is a message key")
  void noLiteralText() throws IOException {
    List<String> literal = new ArrayList<>();
    for (Path t : templates()) {
      literal.addAll(literalText(t.getFileName().toString(), Files.readString(t)));
    }
    assertThat(literal).as("text that is not a message key").isEmpty();
  }

  @Test
  @DisplayName("the check finds literal words in text, attributes and expressions")
  void checkFindsLiterals() {
    assertThat(literalText("t", "<p>Sign in</p>")).hasSize(1);
    assertThat(literalText("t", "<input placeholder=\"Your name\">")).hasSize(1);
    assertThat(literalText("t", "<p th:text=\"'Hello ' + ${n}\"></p>")).hasSize(1);
    assertThat(literalText("t", "<p th:text=\"#{hello(${n})}\"></p>")).isEmpty();
    assertThat(literalText("t", "<p th:text=\"${t} + ' · ' + ${n}\"></p>")).isEmpty();
    assertThat(literalText("t", "<p th:text=\"${r == 'admin'} ? #{a} : #{b}\"></p>")).isEmpty();
    assertThat(literalText("t", "<p th:text=\"#{'mode.' + ${m} + '.text'}\"></p>")).isEmpty();
  }

  static List<String> literalText(String name, String html) {
    List<String> literal = new ArrayList<>();
    Document doc = Jsoup.parse(html, "", Parser.htmlParser());
    for (Element e : doc.getAllElements()) {
      if (e.tagName().equals("script") || e.tagName().equals("style")) {
        continue;
      }
      for (TextNode text : e.textNodes()) {
        if (!text.text().isBlank()) {
          literal.add(name + ": <" + e.tagName() + "> \"" + text.text().strip() + "\"");
        }
      }
      for (Attribute a : e.attributes()) {
        if (READABLE.contains(a.getKey()) && !a.getValue().isBlank()) {
          literal.add(name + ": " + a.getKey() + "=\"" + a.getValue() + "\"");
        }
        boolean text =
            a.getKey().equals("th:text")
                || a.getKey().equals("th:utext")
                || READABLE.contains(a.getKey().replace("th:", ""));
        if (text && hasQuotedWords(a.getValue())) {
          literal.add(name + ": " + a.getKey() + "=\"" + a.getValue() + "\"");
        }
      }
    }
    return literal;
  }

  /**
   * A quoted literal with letters in an expression ('Sign in') — not punctuation (' · '), and not a
   * value compared with ({@code role == 'admin'}), which is never shown.
   */
  static boolean hasQuotedWords(String expression) {
    // Message expressions may hold variable expressions: strip those first, then the messages.
    String e = expression;
    for (String previous = null; !e.equals(previous); ) {
      previous = e;
      e = e.replaceAll("\\$\\{[^{}]*}", "_");
    }
    e = e.replaceAll("#\\{[^{}]*}", "");
    Matcher m = Pattern.compile("'([^']*)'").matcher(e);
    while (m.find()) {
      String literal = m.group(1);
      String before = e.substring(0, m.start()).stripTrailing();
      String after = e.substring(m.end()).stripLeading();
      boolean compared =
          before.endsWith("==")
              || before.endsWith("!=")
              || after.startsWith("==")
              || after.startsWith("!=");
      if (!compared && literal.codePoints().filter(Character::isLetter).count() >= 2) {
        return true;
      }
    }
    return false;
  }
}
