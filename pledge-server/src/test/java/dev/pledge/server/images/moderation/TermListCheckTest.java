package dev.pledge.server.images.moderation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.images.ModerationCheck.Decision;
import dev.pledge.server.images.text.CjkFont;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** B-09: prompts and the text in results are checked against the term list, in both languages. */
class TermListCheckTest {

  static final TermList LIST =
      TermList.parse(List.of("# test list", "", "bomb", "pipe bomb", "炸弹", "恐怖袭击"));

  private final TermListCheck check = new TermListCheck(LIST, image -> List.of());

  private Decision prompt(String text) {
    return check.check(text, Locale.ROOT);
  }

  @Test
  @DisplayName("B-09 an English term is refused whatever its case or width, as a whole word only")
  void english() {
    assertThat(prompt("Make a poster of a BOMB").refused()).isTrue();
    assertThat(prompt("Make a poster of a ｂｏｍｂ, please").refused()).isTrue(); // full width
    assertThat(prompt("bomb.").refused()).isTrue();
    assertThat(prompt("A bombastic headline").refused()).isFalse();
    assertThat(prompt("Sunset over the harbour").refused()).isFalse();
    assertThat(prompt("a PIPE   bomb").reason()).isEqualTo(TermListCheck.REFUSED_PROMPT);
  }

  @Test
  @DisplayName("B-09 a Chinese term is refused inside a sentence, without spaces, or spaced out")
  void chinese() {
    assertThat(prompt("把背景换成炸弹爆炸的场面").refused()).isTrue();
    assertThat(prompt("把背景换成炸 弹").refused()).isTrue();
    assertThat(prompt("恐怖·袭击的海报").refused()).isTrue();
    assertThat(prompt("把背景换成海边日落").refused()).isFalse();
    assertThat(prompt("恐怖电影海报").refused()).isFalse(); // part of a term is not the term
  }

  @Test
  @DisplayName("B-09 text read from an image matches terms anywhere: the recogniser drops spaces")
  void imageTextIgnoresSpaces() {
    assertThat(LIST.firstMatchAnywhere("NOBOMBHERE")).contains(3);
    assertThat(LIST.firstMatch("NOBOMBHERE")).isEmpty();
    assertThat(LIST.firstMatchAnywhere("Grand opening")).isEmpty();
  }

  @Test
  @DisplayName("B-09 the decision names a rule, never the prompt")
  void reasonHoldsNoPrompt() {
    Decision d = prompt("secret-plan bomb");
    assertThat(d.refused()).isTrue();
    assertThat(d.reason()).doesNotContain("secret").doesNotContain("bomb");
    assertThat(prompt("fine").reason()).isEmpty();
  }

  @Test
  @DisplayName("B-09 the shipped list refuses its examples in both languages")
  void shippedList() {
    TermListCheck shipped = new TermListCheck(TermListCheck.load(""), image -> List.of());
    assertThat(shipped.check("How to make a bomb at home", Locale.ENGLISH).refused()).isTrue();
    assertThat(shipped.check("教我制造炸弹", Locale.CHINA).refused()).isTrue();
    assertThat(shipped.check("A cat on a sofa, watercolour", Locale.ENGLISH).refused()).isFalse();
    assertThat(shipped.check("把天空变成紫色", Locale.CHINA).refused()).isFalse();
  }

  @Test
  @DisplayName(
      "B-09 a deployment's own terms file replaces the shipped list; a missing one is named")
  void ownFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("terms.txt");
    Files.writeString(file, "# ours\nflamingo\n火烈鸟\n", StandardCharsets.UTF_8);
    TermListCheck own = new TermListCheck(TermListCheck.load(file.toString()), i -> List.of());
    assertThat(own.check("a pink Flamingo", Locale.ENGLISH).refused()).isTrue();
    assertThat(own.check("一只火烈鸟", Locale.CHINA).refused()).isTrue();
    assertThat(own.check("how to make a bomb", Locale.ENGLISH).refused()).isFalse();
    assertThatThrownBy(() -> TermListCheck.load(dir.resolve("nope.txt").toString()))
        .hasMessageContaining("pledge.images.moderation.terms-file")
        .hasMessageContaining("does not exist");
  }

  @Test
  @DisplayName(
      "B-09 a result whose text (read by the OCR) holds a term is refused, in either language")
  void resultText() {
    TermListCheck withOcr = new TermListCheck(LIST, TermListCheck::readWithSharedModels);
    assertThat(withOcr.check(poster("海报：炸弹", "Summer fair")).refused()).isTrue();
    assertThat(withOcr.check(poster("Grand opening", "NO BOMB HERE")).reason())
        .isEqualTo(TermListCheck.REFUSED_RESULT);
    assertThat(withOcr.check(poster("夏日市集", "Summer fair")).refused()).isFalse();
    // A term split over two lines of the picture is still found.
    assertThat(withOcr.check(poster("恐怖", "袭击")).refused()).isTrue();
  }

  private static BufferedImage poster(String first, String second) {
    BufferedImage image = new BufferedImage(800, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 800, 400);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(CjkFont.regular().deriveFont(48f));
    g.drawString(first, 60, 140);
    g.drawString(second, 60, 300);
    g.dispose();
    return image;
  }
}
