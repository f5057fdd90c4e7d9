package dev.pledge.server.accesslog;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reading Apache LogFormat and nginx log_format text, as operators paste it. */
@Tag("A-02")
class LogFormatParsingTest {

  private static int addressFields(String format, String line) {
    byte[] b = line.getBytes(ISO_8859_1);
    LogFormatSpec spec = LogFormatSpec.parse(format);
    int[] bounds = new int[2 * Math.max(1, spec.maxAddressFields())];
    return spec.locate(b, 0, b.length, bounds);
  }

  @Test
  @DisplayName("a whole Apache LogFormat line, with its quotes, escapes and nickname")
  void apacheConfigLine() {
    String config = "LogFormat \"%h %l %u %t \\\"%r\\\" %>s %b\" common";
    assertThat(ConfigText.unquote(config))
        .isEqualTo("%h %l %u %t \\\"%r\\\" %>s %b".replace("\\\"", "\""));
    assertThat(
            addressFields(
                config, "198.51.100.7 - - [10/Oct/2023:13:55:36 +0000] \"GET / HTTP/1.1\" 200 5"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("an nginx log_format block: name, escape= and adjacent strings are joined")
  void nginxBlock() {
    String config =
        "log_format main escape=json '$remote_addr - $remote_user [$time_local] '\n"
            + "                 '\"$request\" $status';";
    assertThat(ConfigText.unquote(config))
        .isEqualTo("$remote_addr - $remote_user [$time_local] \"$request\" $status");
    assertThat(ConfigText.unquote("'$remote_addr ' '\"$request\"'"))
        .isEqualTo("$remote_addr \"$request\"");
  }

  @Test
  @DisplayName("a bare template made of double-quoted fields is taken as it is")
  void bareTemplates() {
    assertThat(ConfigText.unquote("\"%r\" \"%h\"")).isEqualTo("\"%r\" \"%h\"");
    assertThat(ConfigText.unquote("%h \"%r\"")).isEqualTo("%h \"%r\"");
    assertThat(addressFields("\"%r\" \"%h\"", "\"GET / HTTP/1.1\" \"198.51.100.7\"")).isEqualTo(1);
  }

  @Test
  @DisplayName("address fields: %h, %a, %{c}a, forwarding headers; not %A, the server's own")
  void addressDirectives() {
    assertThat(
            LogFormatSpec.parse("%h %a %{c}a %A %{X-Forwarded-For}i %{x-real-ip}i %{Referer}i")
                .maxAddressFields())
        .isEqualTo(5);
    assertThat(
            LogFormatSpec.parse(
                    "$remote_addr $realip_remote_addr $http_x_forwarded_for $proxy_protocol_addr $server_addr $http_referer")
                .maxAddressFields())
        .isEqualTo(4);
  }

  @Test
  @DisplayName("conditions, %>s, %{…}t, %% and trailers are understood")
  void apacheModifiers() {
    String format = "%h %400,501{User-agent}i %!200{Referer}i %>s %<s %{%d/%b/%Y}t 100%% %^ti";
    assertThat(addressFields(format, "198.51.100.7 - - 200 200 10/Oct/2023 100% x")).isEqualTo(1);
    assertThat(addressFields(format, "198.51.100.7 - - 2x0 200 10/Oct/2023 100% x")).isEqualTo(-1);
  }

  @Test
  @DisplayName("status and byte counts must be numbers, which exposes lines that only seem to fit")
  void numbersChecked() {
    assertThat(addressFields(LogFormatSpec.COMMON, "198.51.100.7 - - [t] \"GET /\" OK 5"))
        .isEqualTo(-1);
    assertThat(addressFields(LogFormatSpec.COMMON, "198.51.100.7 - - [t] \"GET /\" 200 -"))
        .isEqualTo(1);
  }

  @Test
  @DisplayName("mistakes in a template are refused with what and where")
  void errors() {
    assertThatThrownBy(() -> LogFormatSpec.parse("%h %{Referer i"))
        .hasMessageContaining("never closes it");
    assertThatThrownBy(() -> LogFormatSpec.parse("%h %J"))
        .hasMessageContaining("unknown Apache directive '%J' at position 4");
    assertThatThrownBy(() -> LogFormatSpec.parse("$remote_addr$remote_user"))
        .hasMessageContaining("$remote_addr and $remote_user side by side");
    assertThatThrownBy(() -> LogFormatSpec.parse("just text"))
        .hasMessageContaining("has no fields");
    assertThatThrownBy(() -> LogFormatSpec.parse("  ")).hasMessageContaining("empty");
  }
}
