package dev.pledge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pledge.server.PledgeServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.embedded.tomcat.TomcatWebServer;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * {@code pledge demo} publishes its console password, so it listens on loopback only unless {@code
 * --host} says otherwise; {@code pledge serve} keeps the configured address (issue 11).
 */
class DemoBindAddressTest {

  @TempDir Path dataDir;

  private DemoCommand demo(String... extra) {
    DemoCommand demo = new DemoCommand();
    String[] base = {
      "--port", "0",
      "--data-dir", dataDir.toString(),
      "--mail-smtp-port", Integer.toString(freePort()),
      "--mail-imap-port", Integer.toString(freePort())
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    new CommandLine(demo).parseArgs(args);
    return demo;
  }

  @Test
  @DisplayName(
      "a started demo listens on 127.0.0.1 only: another interface of the machine is refused")
  void theDemoListensOnLoopbackOnly() throws Exception {
    DemoCommand command = demo();
    Map<String, Object> properties = command.serverProperties(ServerRunner.shippedPolicies());
    properties.put("pledge.embedded-database.ephemeral", true);
    try (ConfigurableApplicationContext context = PledgeServer.start(properties)) {
      TomcatWebServer server =
          (TomcatWebServer) ((ServletWebServerApplicationContext) context).getWebServer();
      AbstractProtocol<?> protocol =
          (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
      assertThat(protocol.getAddress())
          .as("the address Tomcat bound")
          .isEqualTo(InetAddress.getByName("127.0.0.1"));
      int port = server.getPort();
      int smtp =
          Integer.parseInt(context.getEnvironment().getProperty("pledge.demo-mail.smtp-port"));
      try (Socket s = new Socket("127.0.0.1", port)) {
        assertThat(s.isConnected()).isTrue();
      }
      // Where the machine has another interface, connecting through it is refused outright.
      Optional<InetAddress> other = otherInterfaceAddress();
      for (int p : other.isPresent() ? new int[] {port, smtp} : new int[0]) {
        assertThatThrownBy(
                () -> {
                  try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(other.get(), p), 5_000);
                  }
                })
            .as("port %d on %s", p, other.get())
            .isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  @DisplayName("--host opens the demo to the address given; serve keeps server.address unless told")
  void hostOption() {
    assertThat(demo().serverProperties(ServerRunner.shippedPolicies()))
        .containsEntry("server.address", "127.0.0.1");
    assertThat(demo("--host", "0.0.0.0").serverProperties(ServerRunner.shippedPolicies()))
        .containsEntry("server.address", "0.0.0.0")
        .as("the demo's mail server stays on loopback whatever --host says")
        .containsEntry("spring.mail.host", "127.0.0.1")
        .containsEntry("pledge.mail.imap.host", "127.0.0.1");

    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--data-dir", dataDir.toString());
    assertThat(
            serve.server.toProperties(dataDir, ServerRunner.shippedPolicies(), false, serve.host))
        .doesNotContainKey("server.address");
    new CommandLine(serve).parseArgs("--data-dir", dataDir.toString(), "--host", "127.0.0.1");
    assertThat(
            serve.server.toProperties(dataDir, ServerRunner.shippedPolicies(), false, serve.host))
        .containsEntry("server.address", "127.0.0.1");
  }

  @Test
  @DisplayName("the start-up lines say who can reach the server")
  void startUpSaysWhoCanReachIt() {
    assertThat(ServerRunner.listening("127.0.0.1")).contains("127.0.0.1 only").contains("--host");
    assertThat(ServerRunner.listening(null)).contains("every network interface");
    assertThat(ServerRunner.listening("0.0.0.0")).contains("every network interface");
    assertThat(ServerRunner.hostForLinks("127.0.0.1")).isEqualTo("localhost");
    assertThat(ServerRunner.hostForLinks("192.0.2.7")).isEqualTo("192.0.2.7");
  }

  /** An IPv4 address of this machine that is not loopback, if it has one. */
  private static Optional<InetAddress> otherInterfaceAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(
            i -> {
              try {
                return i.isUp() && !i.isLoopback();
              } catch (IOException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress())
        .findFirst();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
