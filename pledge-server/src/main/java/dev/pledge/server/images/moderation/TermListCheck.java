package dev.pledge.server.images.moderation;

import dev.pledge.server.images.ModerationCheck;
import dev.pledge.server.images.text.TextLine;
import dev.pledge.server.images.text.TextModels;
import dev.pledge.server.images.text.TextReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The default moderation checker (B-09): a list of refused terms in Chinese and English, checked
 * against each prompt before its edit and against the text found in each result (read offline with
 * the studio's OCR) before it is stored or shown. The list is {@code
 * pledge.images.moderation.terms-file} (UTF-8, one term a line, {@code #} comments), or else the
 * small list shipped in {@code images/moderation/terms.txt}. A decision names the rule (the term's
 * line) but never the prompt or the term, so the record holds nothing of what was typed.
 */
@Component
class TermListCheck implements ModerationCheck {

  private static final Logger log = LoggerFactory.getLogger(TermListCheck.class);

  static final String DEFAULT_LIST = "images/moderation/terms.txt";
  static final String REFUSED_PROMPT = "images.moderation.terms";
  static final String REFUSED_RESULT = "images.moderation.result-terms";

  private final TermList terms;
  private final Function<BufferedImage, List<String>> readText;

  @Autowired // the constructor Spring uses; the other is for tests
  TermListCheck(@Value("${pledge.images.moderation.terms-file:}") String termsFile) {
    this(load(termsFile), TermListCheck::readWithSharedModels);
  }

  TermListCheck(TermList terms, Function<BufferedImage, List<String>> readText) {
    this.terms = terms;
    this.readText = readText;
  }

  @Override
  public String id() {
    return "terms";
  }

  @Override
  public Decision check(String prompt, Locale locale) {
    return terms
        .firstMatch(prompt)
        .map(line -> Decision.refused(REFUSED_PROMPT))
        .orElse(Decision.allowed());
  }

  @Override
  public Decision check(BufferedImage result) {
    if (terms.size() == 0) {
      return Decision.allowed();
    }
    List<String> lines = readText.apply(result);
    // All lines joined: a term may be split over two lines of a poster. Recognised text often
    // lacks its spaces, so every term matches anywhere here.
    Optional<Integer> found = terms.firstMatchAnywhere(String.join(" ", lines));
    return found.isPresent() ? Decision.refused(REFUSED_RESULT) : Decision.allowed();
  }

  static List<String> readWithSharedModels(BufferedImage image) {
    return new TextReader(TextModels.shared()).read(image).stream().map(TextLine::text).toList();
  }

  static TermList load(String termsFile) {
    if (termsFile != null && !termsFile.isBlank()) {
      Path path = Path.of(termsFile.strip());
      try {
        TermList list = TermList.parse(Files.readAllLines(path, StandardCharsets.UTF_8));
        log.info("Moderation: {} terms from {}", list.size(), path.getFileName());
        return list;
      } catch (NoSuchFileException e) {
        throw new IllegalStateException(
            "pledge.images.moderation.terms-file names "
                + path
                + ", which does not exist: create it (UTF-8, one term a line) or unset the"
                + " setting to use the shipped list");
      } catch (IOException e) {
        throw new UncheckedIOException("could not read the moderation terms file " + path, e);
      }
    }
    try (InputStream in = TermListCheck.class.getClassLoader().getResourceAsStream(DEFAULT_LIST)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULT_LIST + " is missing from the class path");
      }
      return TermList.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
