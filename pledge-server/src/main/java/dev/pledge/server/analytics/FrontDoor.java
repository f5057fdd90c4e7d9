package dev.pledge.server.analytics;

import dev.pledge.server.policy.PolicyCatalog;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's public port: a Netty listener that answers {@code POST /api/event} (also under
 * {@code /p/{property}/}, and on every property's host) itself and relays every other request to
 * Tomcat, which then listens on a loopback port only.
 *
 * <p>Why: measured on two cores, an event through Tomcat, Spring Security and Spring MVC with an
 * asynchronous answer cost about three times the CPU of the same event on Netty, and the
 * asynchronous re-dispatch through the whole filter chain and the MVC return-value handling came on
 * top (720–1,074 events a second against 16–20 thousand). Putting Netty in front gives every
 * deployment the lean path without a second port or proxy rule; the relayed requests pay one
 * loopback hop.
 */
final class FrontDoor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FrontDoor.class);

  /** Tomcat's default limit is 8 KiB for the request line and headers together. */
  static final int MAX_LINE = 8192;

  static final int MAX_HEADERS = 16384;

  private static final boolean EPOLL = Epoll.isAvailable();
  private static final String PATH = "/api/event";

  private final EventIngest ingest;
  private final PolicyCatalog catalog;
  private final InetSocketAddress tomcat;
  private final String peerSecret;
  private final EventLoopGroup boss = EPOLL ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);

  /** One event loop per core: the writer thread, Tomcat and PostgreSQL need the rest. */
  private final EventLoopGroup workers =
      EPOLL
          ? new EpollEventLoopGroup(Runtime.getRuntime().availableProcessors())
          : new NioEventLoopGroup(Runtime.getRuntime().availableProcessors());

  private final Channel channel;

  FrontDoor(
      EventIngest ingest,
      PolicyCatalog catalog,
      InetAddress address,
      int port,
      InetSocketAddress tomcat,
      String peerSecret)
      throws Exception {
    this.ingest = ingest;
    this.catalog = catalog;
    this.tomcat = tomcat;
    this.peerSecret = peerSecret;
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline()
                        .addLast(new IdleStateHandler(0, 0, 60, TimeUnit.SECONDS))
                        .addLast(new HttpServerCodec(MAX_LINE, MAX_HEADERS, 65536))
                        .addLast(new FrontDoorHandler(FrontDoor.this));
                  }
                });
    InetSocketAddress bindTo =
        address == null ? new InetSocketAddress(port) : new InetSocketAddress(address, port);
    try {
      channel = bootstrap.bind(bindTo).sync().channel();
    } catch (Exception e) {
      close();
      throw e;
    }
    log.info(
        "Listening on port {} ({}); /api/event answered here, everything else relayed to {}",
        port(),
        EPOLL ? "epoll" : "nio",
        tomcat);
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  EventIngest ingest() {
    return ingest;
  }

  InetSocketAddress tomcat() {
    return tomcat;
  }

  Class<? extends SocketChannel> clientChannelType() {
    return EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  String peerHeader(String peer) {
    return peerSecret + " " + peer;
  }

  /** {@code /api/event}, or {@code /p/{id}/api/event} for a property that is served. */
  boolean isEvent(String uri) {
    return isEventPath(uri, catalog);
  }

  static boolean isEventPath(String uri, PolicyCatalog catalog) {
    int q = uri.indexOf('?');
    String path = q < 0 ? uri : uri.substring(0, q);
    if (path.equals(PATH)) {
      return true;
    }
    if (!path.startsWith("/p/") || !path.endsWith(PATH)) {
      return false;
    }
    int end = path.indexOf('/', 3);
    return end == path.length() - PATH.length() && catalog.byId(path.substring(3, end)).isPresent();
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().syncUninterruptibly();
    }
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
  }
}
