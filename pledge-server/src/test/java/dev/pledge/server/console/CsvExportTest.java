package dev.pledge.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** CSV quoting (RFC 4180) and formula-injection neutralisation. */
class CsvExportTest {

  @Test
  void plainTextAndNumbersAreWrittenAsTheyAre() {
    assertThat(CsvExport.text("/formats/png")).isEqualTo("/formats/png");
    assertThat(new CsvExport().row(Arrays.asList("/a", 3L, 4, null)).toString())
        .isEqualTo("/a,3,4,\r\n");
  }

  @Test
  void commasQuotesAndLineBreaksAreQuoted() {
    assertThat(CsvExport.text("a,b")).isEqualTo("\"a,b\"");
    assertThat(CsvExport.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(CsvExport.text("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(CsvExport.text("cr\rhere")).isEqualTo("\"cr\rhere\"");
  }

  @Test
  void cellsThatStartLikeAFormulaAreShownAsText() {
    assertThat(CsvExport.text("=1+2")).isEqualTo("'=1+2");
    assertThat(CsvExport.text("+1")).isEqualTo("'+1");
    assertThat(CsvExport.text("-1")).isEqualTo("'-1");
    assertThat(CsvExport.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(CsvExport.text("\tcmd")).isEqualTo("'\tcmd");
    assertThat(CsvExport.text("\r=x")).isEqualTo("\"'\r=x\"");
    assertThat(CsvExport.text("=HYPERLINK(\"http://evil.example/\",\"x\")"))
        .isEqualTo("\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"x\"\")\"");
    // Only the first character matters: a formula sign inside a value is harmless.
    assertThat(CsvExport.text("a=b")).isEqualTo("a=b");
    assertThat(CsvExport.text("")).isEmpty();
  }

  @Test
  void numbersAreNeverNeutralised() {
    assertThat(new CsvExport().row(Arrays.asList(-1L, "-1")).toString()).isEqualTo("-1,'-1\r\n");
  }
}
