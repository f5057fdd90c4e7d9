package dev.pledge.server.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.pledge.server.security.FuzzBudget;
import java.io.IOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Fuzzes LogFormat / log_format strings and the lines read with them: a format is accepted or
 * refused with a message (IllegalArgumentException, shown to the operator); a line never fails.
 */
@Tag("B-13")
class LogFormatFuzzTest {

  @FuzzTest(maxDuration = FuzzBudget.PER_TARGET)
  @DisplayName("B-13 fuzz: LogFormat strings are read or refused with a message")
  void logFormat(FuzzedDataProvider data) throws IOException {
    String format = data.consumeString(300);
    String lines = data.consumeRemainingAsAsciiString();
    LogAnonymiser anonymiser;
    try {
      anonymiser = LogAnonymiser.builder().format(format).build();
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    LogRuns.run(anonymiser, lines);
  }
}
