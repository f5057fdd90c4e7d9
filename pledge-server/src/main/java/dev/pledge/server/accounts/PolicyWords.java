package dev.pledge.server.accounts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.springframework.stereotype.Component;

/**
 * The policy's titles of categories and purposes in the reader's language: the policy's own words
 * in English (the policy file is the original), a translation from {@code
 * studio/policy-words_zh_CN.properties} in 简体中文 — the policy's words again when one is missing.
 */
@Component
class PolicyWords {

  static final String CHINESE = "studio/policy-words_zh_CN.properties";

  private final Properties chinese = new Properties();

  PolicyWords() {
    try (InputStream in = PolicyWords.class.getClassLoader().getResourceAsStream(CHINESE)) {
      if (in != null) {
        chinese.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String category(String id, String policyTitle, Locale locale) {
    return words("category." + id, policyTitle, locale);
  }

  String purpose(String id, String policyTitle, Locale locale) {
    return words("purpose." + id, policyTitle, locale);
  }

  private String words(String key, String policyWords, Locale locale) {
    if ("zh".equals(locale.getLanguage())) {
      return chinese.getProperty(key, policyWords);
    }
    return policyWords;
  }
}
