package dev.pledge.cli;

import dev.pledge.policy.Contact;
import dev.pledge.server.PledgeServer;
import dev.pledge.server.accounts.StudioDemo;
import dev.pledge.server.devapi.DemoApiKey;
import dev.pledge.server.policy.PolicyCatalog;
import dev.pledge.server.policy.PolicySource;
import dev.pledge.server.policy.ServedProperty;
import java.io.PrintWriter;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

/** Starts the server for {@code serve} and {@code demo}, prints where it answers, and waits. */
final class ServerRunner {

  private ServerRunner() {}

  /** The shipped policies, from ./policies when run in a checkout, else from inside the jar. */
  static List<String> shippedPolicies() {
    List<String> names = List.of("reference-site.yaml", "image-studio.yaml");
    List<String> locations = new ArrayList<>();
    for (String name : names) {
      Path local = Path.of("policies", name);
      locations.add(Files.isRegularFile(local) ? local.toString() : "classpath:policies/" + name);
    }
    return locations;
  }

  /** Validates every policy before anything starts; prints all problems. */
  static boolean policiesValid(List<String> locations, PrintWriter err) {
    boolean valid = true;
    for (String location : locations) {
      try {
        var loaded = PolicySource.load(location);
        if (!loaded.result().ok()) {
          valid = false;
          err.println(location + " is not a valid policy:");
          loaded.result().problems().forEach(p -> err.println("  " + p.format()));
        }
      } catch (RuntimeException e) {
        valid = false;
        err.println(e.getMessage());
      }
    }
    err.flush();
    return valid;
  }

  static int run(Map<String, Object> properties, PrintWriter out, PrintWriter err, String what) {
    ConfigurableApplicationContext context;
    try {
      context = PledgeServer.start(properties);
    } catch (RuntimeException e) {
      err.println("Pledge did not start: " + rootMessage(e));
      err.flush();
      return 1;
    }
    printAddresses(context, out, what);
    CountDownLatch closed = new CountDownLatch(1);
    context.addApplicationListener(
        event -> {
          if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
            closed.countDown();
          }
        });
    try {
      closed.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static void printAddresses(
      ConfigurableApplicationContext context, PrintWriter out, String what) {
    String port = context.getEnvironment().getProperty("local.server.port");
    String base =
        "http://"
            + hostForLinks(context.getEnvironment().getProperty("server.address"))
            + ":"
            + port;
    out.println();
    out.println("Pledge is running " + what + ".");
    out.println(listening(context.getEnvironment().getProperty("server.address")));
    for (ServedProperty p : context.getBean(PolicyCatalog.class).all()) {
      out.printf("%n  %s%n", p.name());
      out.printf("    site            %s%s/%n", base, p.pathPrefix());
      out.printf("                    http://%s:%s/%n", p.localHost(), port);
      out.printf("    privacy policy  %s%s/privacy%n", base, p.pathPrefix());
      out.printf("    domains         %s (when DNS points here)%n", String.join(", ", p.domains()));
    }
    out.printf("%n  operator console  %s/console/%n", base);
    boolean demo = Boolean.parseBoolean(context.getEnvironment().getProperty("pledge.demo"));
    out.printf(
        "                    %s%n",
        demo
            ? "sign in as demo / demo-operator"
            : "first sign-in: admin, password in "
                + context.getEnvironment().getProperty("pledge.data-dir")
                + "/initial-operator-password (until changed)");
    out.printf("  health            %s/actuator/health%n", base);
    // The demo's studio user, on a line of its own (dev.pledge.server.accounts.StudioDemo).
    context
        .getBean(StudioDemo.class)
        .signIn()
        .ifPresent(
            signIn ->
                out.printf("%n  Studio sign-in: %s  (the image studio's demo user)%n", signIn));
    // Their API key (dev.pledge.server.devapi.DemoApiKey), also on a line of its own.
    context
        .getBean(DemoApiKey.class)
        .issue()
        .ifPresent(
            key ->
                out.printf(
                    "%nAPI key: %s%n  (the demo user's, for %s%s/api/v1/…; see the README)%n",
                    key, base, "/p/image-studio"));

    printDemoMail(context, out, base);
    out.println();
    out.println("Press Ctrl+C to stop.");
    out.flush();
  }

  /** localhost, unless the server listens on one other address only. */
  static String hostForLinks(String address) {
    if (address == null || address.isBlank()) {
      return "localhost";
    }
    try {
      InetAddress a = InetAddress.getByName(address);
      if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
        return "localhost";
      }
      return a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : address;
    } catch (UnknownHostException e) {
      return address;
    }
  }

  /** Which machines can reach the server: said plainly, since the demo's password is public. */
  static String listening(String address) {
    String everywhere = "Listening on every network interface: other machines can reach it.";
    if (address == null || address.isBlank()) {
      return everywhere;
    }
    try {
      InetAddress a = InetAddress.getByName(address);
      if (a.isAnyLocalAddress()) {
        return everywhere;
      }
      if (a.isLoopbackAddress()) {
        return "Listening on "
            + address
            + " only: reachable from this machine, not from others (--host 0.0.0.0 to change).";
      }
    } catch (UnknownHostException e) {
      // Tomcat would not have started on it; say what was configured
    }
    return "Listening on " + address + ".";
  }

  /** How to reach the demo's own mail server, when it runs. */
  private static void printDemoMail(
      ConfigurableApplicationContext context, PrintWriter out, String base) {
    var env = context.getEnvironment();
    if (!Boolean.parseBoolean(env.getProperty("pledge.demo-mail.enabled"))) {
      return;
    }
    String smtp = env.getProperty("pledge.demo-mail.smtp-port");
    String address =
        context.getBean(PolicyCatalog.class).byId("reference-site").stream()
            .flatMap(p -> p.policy().contacts().stream())
            .filter(c -> c.role() == Contact.Role.PRIVACY && c.email() != null)
            .map(Contact::email)
            .findFirst()
            .orElse("the reference site's privacy address");
    out.printf(
        "%n  demo mail         %s/console/demo-mail (every message sent, with its links)%n", base);
    out.printf(
        "                    SMTP localhost:%s, IMAP localhost:%s; privacy address %s%n",
        smtp, env.getProperty("pledge.demo-mail.imap-port"), address);
    out.printf(
        "                    e-mail a request (subject \"Privacy deletion request\", see README):%n");
    out.printf(
        "                    curl smtp://localhost:%s --mail-from you@example.org --mail-rcpt %s"
            + " -T mail.txt%n",
        smtp, address);
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t != null) {
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
      if (t.getClass().getName().startsWith("dev.pledge")) {
        return t.getMessage();
      }
      t = t.getCause();
    }
    return message;
  }
}
