package dev.pledge.server.rights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail server that speaks SMTP (RFC 5321) and refuses every recipient with one reply, as a real
 * server answers for a mailbox that does not exist ({@code 550}) or is full for now ({@code 452}).
 * GreenMail accepts every recipient, so it cannot play this part.
 */
final class RefusingSmtpServer implements AutoCloseable {

  private final ServerSocket server;
  private final String recipientReply;
  private final List<String> recipients = new CopyOnWriteArrayList<>();
  private final Thread thread;

  RefusingSmtpServer(String recipientReply) throws IOException {
    this.recipientReply = recipientReply;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.thread = new Thread(this::serve, "refusing-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** How many times {@code address} was given in a RCPT TO command. */
  long tried(String address) {
    return recipients.stream().filter(address::equalsIgnoreCase).count();
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket client = server.accept()) {
        converse(client);
      } catch (IOException e) {
        // closed, or a client gone: wait for the next one
      }
    }
  }

  private void converse(Socket client) throws IOException {
    var in =
        new BufferedReader(
            new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = client.getOutputStream();
    reply(out, "220 refusing.test ESMTP");
    String line;
    while ((line = in.readLine()) != null) {
      String verb = line.length() < 4 ? line : line.substring(0, 4).toUpperCase();
      switch (verb) {
        case "EHLO", "HELO" -> reply(out, "250 refusing.test");
        case "MAIL", "RSET", "NOOP" -> reply(out, "250 2.0.0 OK");
        case "RCPT" -> {
          int open = line.indexOf('<');
          int close = line.lastIndexOf('>');
          recipients.add(open >= 0 && close > open ? line.substring(open + 1, close) : line);
          reply(out, recipientReply);
        }
        case "DATA" -> reply(out, "554 5.5.1 No valid recipients");
        case "QUIT" -> {
          reply(out, "221 2.0.0 Bye");
          return;
        }
        default -> reply(out, "500 5.5.2 Unknown command");
      }
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
