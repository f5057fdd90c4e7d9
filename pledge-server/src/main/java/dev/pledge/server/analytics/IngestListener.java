package dev.pledge.server.analytics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import java.net.InetSocketAddress;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dedicated HTTP listener for {@code POST /api/event} alone ({@code
 * pledge.analytics.ingest-port}), for deployments that route trackers to a port of their own. The
 * server's own port answers events on the same lean path ({@link FrontDoor}); this one answers
 * exactly as that does ({@link IngestResponses}), including 202 only after the event is committed,
 * and sends CORS headers so a tracker on the property's pages may post to it.
 */
final class IngestListener implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(IngestListener.class);

  /** Linux's epoll when Netty's native transport loads, else the portable NIO selector. */
  private static final boolean EPOLL = Epoll.isAvailable();

  private final EventLoopGroup boss = EPOLL ? new EpollEventLoopGroup(1) : new NioEventLoopGroup(1);

  /**
   * One event loop per core, not Netty's default of two: the writer thread and PostgreSQL need the
   * rest, and more loops than cores only add context switches.
   */
  private static final int LOOPS = Runtime.getRuntime().availableProcessors();

  private final EventLoopGroup workers =
      EPOLL ? new EpollEventLoopGroup(LOOPS) : new NioEventLoopGroup(LOOPS);
  private final Channel channel;

  IngestListener(EventIngest ingest, String host, int port) throws InterruptedException {
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
                        .addLast(new HttpServerCodec(4096, 8192, 8192))
                        .addLast(new HttpObjectAggregator(EventBodyParser.MAX_BYTES))
                        .addLast(new EventHandler(ingest));
                  }
                });
    channel = bootstrap.bind(host, port).sync().channel();
    log.info("Analytics ingest listener on port {} ({})", port(), EPOLL ? "epoll" : "nio");
  }

  int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    boss.shutdownGracefully();
    workers.shutdownGracefully();
  }

  private static final class EventHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final EventIngest ingest;

    EventHandler(EventIngest ingest) {
      this.ingest = ingest;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      String path = pathOf(request.uri());
      if (!path.equals("/api/event") && !(path.startsWith("/p/") && path.endsWith("/api/event"))) {
        send(
            ctx,
            new IngestResponses.Answer(404, Map.of(), "only POST /api/event here", false),
            keepAlive);
        return;
      }
      if (request.method() == HttpMethod.OPTIONS) {
        send(ctx, new IngestResponses.Answer(204, Map.of(), "", false), keepAlive);
        return;
      }
      if (request.method() != HttpMethod.POST) {
        send(
            ctx,
            new IngestResponses.Answer(405, Map.of("Allow", "POST"), "use POST", false),
            keepAlive);
        return;
      }
      ByteBuf content = request.content();
      int length = content.readableBytes();
      byte[] body = new byte[length];
      content.getBytes(content.readerIndex(), body);
      String peer =
          ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
      IngestOutcome outcome =
          ingest.ingest(
              body,
              length,
              peer,
              request.headers().get("X-Forwarded-For"),
              request.headers().get("Forwarded"),
              request.headers().get(HttpHeaderNames.USER_AGENT),
              EventIngest.optOutSignal(
                  request.headers().get("Sec-GPC"), request.headers().get("DNT")));
      IngestResponses.Answer answer = IngestResponses.immediate(outcome);
      if (answer != null) {
        send(ctx, answer, keepAlive);
      } else {
        NettyAnswers.answerWhenStored(
            ctx,
            ((IngestOutcome.Accepted) outcome).stored(),
            NettyAnswers.CORS_HEADERS,
            keepAlive,
            NettyAnswers.STORE_TIMEOUT_MS,
            null);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // A broken connection or a malformed request line: nothing to answer, nothing to log.
      ctx.close();
    }

    private static String pathOf(String uri) {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }

    private static void send(
        ChannelHandlerContext ctx, IngestResponses.Answer answer, boolean keepAlive) {
      NettyAnswers.send(ctx, answer, NettyAnswers.CORS_HEADERS, keepAlive);
    }
  }
}
