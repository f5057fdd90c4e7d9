package dev.pledge.server.analytics;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One client connection to the front door: {@code POST /api/event} is answered here, on the event
 * loop, exactly as the dedicated listener answers it; every other request is relayed, streaming in
 * both directions, to Tomcat on its loopback port over one backend connection per client
 * connection, with the client's address in a header only Pledge's own valve believes ({@link
 * FrontDoorPeerValve}).
 *
 * <p>Requests on one connection are answered in order: while one is being answered, whatever the
 * client sends next waits (pipelining is allowed by HTTP/1.1 but rare). All state lives on the
 * connection's event loop, so nothing here is shared between threads.
 */
final class FrontDoorHandler extends ChannelInboundHandlerAdapter {

  /** Past this, an event body is not read further: the answer is 413 and the connection closes. */
  private static final int DISCARD_LIMIT = 1024 * 1024;

  private enum State {
    /** Between requests. */
    IDLE,
    /** Reading an event's body. */
    EVENT_BODY,
    /** Relaying a request's body to Tomcat. */
    RELAY_BODY,
    /** The request is complete; its answer is on the way. */
    ANSWERING
  }

  private final FrontDoor door;
  private State state = State.IDLE;
  private final ArrayDeque<Object> waiting = new ArrayDeque<>();

  private HttpRequest event;
  private byte[] body;
  private int length;
  private long discarded;

  private Channel backend;
  private boolean connecting;
  private final List<Object> toBackend = new ArrayList<>();
  private boolean requestKeepAlive;

  /** From a relayed request's first byte to the end of Tomcat's answer to it. */
  private boolean relaying;

  FrontDoorHandler(FrontDoor door) {
    this.door = door;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.ANSWERING || !waiting.isEmpty()) {
      waiting.add(msg);
      updateAutoRead(ctx);
      return;
    }
    handle(ctx, msg);
  }

  private void handle(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      startRequest(ctx, request);
    }
    if (msg instanceof HttpContent content) {
      switch (state) {
        case EVENT_BODY -> eventContent(ctx, content);
        case RELAY_BODY -> {
          boolean last = content instanceof LastHttpContent;
          relay(ctx, content);
          if (last) {
            state = State.ANSWERING;
          }
        }
        default -> ReferenceCountUtil.release(content);
      }
    } else if (!(msg instanceof HttpRequest)) {
      ReferenceCountUtil.release(msg);
    }
  }

  private void startRequest(ChannelHandlerContext ctx, HttpRequest request) {
    requestKeepAlive = HttpUtil.isKeepAlive(request);
    if (request.decoderResult().isFailure()) {
      state = State.ANSWERING;
      Throwable cause = request.decoderResult().cause();
      HttpResponseStatus status =
          cause instanceof TooLongFrameException
              ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
              : HttpResponseStatus.BAD_REQUEST;
      NettyAnswers.send(
          ctx,
          new IngestResponses.Answer(
              status.code(), java.util.Map.of(), status.reasonPhrase(), false),
          NettyAnswers.MAIN_PORT_HEADERS,
          false);
      return;
    }
    if (request.method() == HttpMethod.POST && door.isEvent(request.uri())) {
      state = State.EVENT_BODY;
      event = request;
      body = new byte[EventBodyParser.MAX_BYTES + 1];
      length = 0;
      discarded = 0;
      if (HttpUtil.is100ContinueExpected(request)) {
        if (HttpUtil.getContentLength(request, 0L) > EventBodyParser.MAX_BYTES) {
          // Refused before the client sends the body; the connection cannot be reused.
          state = State.ANSWERING;
          NettyAnswers.send(
              ctx,
              IngestResponses.immediate(new IngestOutcome.TooLarge()),
              NettyAnswers.MAIN_PORT_HEADERS,
              false);
          return;
        }
        ctx.writeAndFlush(
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
      }
      return;
    }
    state = State.RELAY_BODY;
    relaying = true;
    request.headers().remove(FrontDoorPeerValve.HEADER); // only the front door may say it
    String peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
    request.headers().set(FrontDoorPeerValve.HEADER, door.peerHeader(peer));
    relay(ctx, request);
  }

  private void eventContent(ChannelHandlerContext ctx, HttpContent content) {
    ByteBuf bytes = content.content();
    int n = bytes.readableBytes();
    int room = body.length - length;
    int take = Math.min(n, room);
    bytes.getBytes(bytes.readerIndex(), body, length, take);
    length += take;
    discarded += n - take;
    boolean last = content instanceof LastHttpContent;
    content.release();
    if (discarded > DISCARD_LIMIT) {
      state = State.ANSWERING;
      NettyAnswers.send(
          ctx,
          IngestResponses.immediate(new IngestOutcome.TooLarge()),
          NettyAnswers.MAIN_PORT_HEADERS,
          false);
      return;
    }
    if (last) {
      state = State.ANSWERING;
      answerEvent(ctx);
    }
  }

  private void answerEvent(ChannelHandlerContext ctx) {
    HttpRequest request = event;
    event = null;
    byte[] bytes = body;
    body = null;
    boolean keepAlive = requestKeepAlive;
    String peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
    IngestOutcome outcome =
        door.ingest()
            .ingest(
                bytes,
                length,
                peer,
                request.headers().get("X-Forwarded-For"),
                request.headers().get("Forwarded"),
                request.headers().get(HttpHeaderNames.USER_AGENT),
                EventIngest.optOutSignal(
                    request.headers().get("Sec-GPC"), request.headers().get("DNT")));
    IngestResponses.Answer answer = IngestResponses.immediate(outcome);
    if (answer != null) {
      NettyAnswers.send(
          ctx, answer, NettyAnswers.MAIN_PORT_HEADERS, keepAlive, () -> answered(ctx));
      return;
    }
    NettyAnswers.answerWhenStored(
        ctx,
        ((IngestOutcome.Accepted) outcome).stored(),
        NettyAnswers.MAIN_PORT_HEADERS,
        keepAlive,
        NettyAnswers.STORE_TIMEOUT_MS,
        () -> answered(ctx));
  }

  /** The current request is answered: take the next one that waited, if any. */
  private void answered(ChannelHandlerContext ctx) {
    if (state != State.ANSWERING) {
      return;
    }
    state = State.IDLE;
    while (state != State.ANSWERING && !waiting.isEmpty()) {
      handle(ctx, waiting.poll());
    }
    updateAutoRead(ctx);
  }

  // ---- relaying to Tomcat ----

  private void relay(ChannelHandlerContext ctx, Object msg) {
    if (backend != null && backend.isActive()) {
      backend.writeAndFlush(msg);
      return;
    }
    toBackend.add(msg);
    // Nothing more is read from the client until Tomcat's connection takes what waits.
    ctx.channel().config().setAutoRead(false);
    if (!connecting) {
      connect(ctx);
    }
  }

  private void connect(ChannelHandlerContext ctx) {
    connecting = true;
    Channel client = ctx.channel();
    new Bootstrap()
        .group(client.eventLoop())
        .channel(door.clientChannelType())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(
            new ChannelInitializer<SocketChannel>() {
              @Override
              protected void initChannel(SocketChannel ch) {
                ch.pipeline()
                    .addLast(new HttpClientCodec(FrontDoor.MAX_LINE, FrontDoor.MAX_HEADERS, 65536))
                    .addLast(new BackendHandler(ctx));
              }
            })
        .connect(door.tomcat())
        .addListener(
            (ChannelFutureListener)
                f -> {
                  connecting = false;
                  if (f.isSuccess()) {
                    backend = f.channel();
                    for (Object m : toBackend) {
                      backend.write(m);
                    }
                    toBackend.clear();
                    backend.flush();
                    updateAutoRead(ctx);
                  } else {
                    toBackend.forEach(ReferenceCountUtil::release);
                    toBackend.clear();
                    NettyAnswers.send(
                        ctx,
                        new IngestResponses.Answer(
                            502, java.util.Map.of(), "the server is not ready; retry", false),
                        NettyAnswers.MAIN_PORT_HEADERS,
                        false);
                  }
                });
  }

  private void updateAutoRead(ChannelHandlerContext ctx) {
    boolean backendReady = backend == null || backend.isWritable();
    ctx.channel().config().setAutoRead(waiting.isEmpty() && backendReady);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // A slow client holds back Tomcat's answer rather than letting it pile up in memory.
    if (backend != null) {
      backend.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (backend != null) {
      backend.close();
    }
    waiting.forEach(ReferenceCountUtil::release);
    waiting.clear();
    toBackend.forEach(ReferenceCountUtil::release);
    toBackend.clear();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent && state == State.IDLE) {
      ctx.close(); // an idle keep-alive connection
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A reset connection or a broken request: nothing to answer, nothing worth logging.
    ctx.close();
  }

  /** Tomcat's side of one client connection: its answers go back to the client as they come. */
  private final class BackendHandler extends ChannelInboundHandlerAdapter {
    private final ChannelHandlerContext client;
    private boolean responseKeepAlive = true;
    private boolean informational;

    BackendHandler(ChannelHandlerContext client) {
      this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpResponse response) {
        informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (!informational) {
          responseKeepAlive = HttpUtil.isKeepAlive(response);
        }
      }
      boolean last = msg instanceof LastHttpContent;
      client.write(msg);
      if (last && !informational) {
        relaying = false;
        boolean keepAlive = responseKeepAlive && requestKeepAlive;
        var written = client.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER);
        if (!keepAlive) {
          written.addListener(ChannelFutureListener.CLOSE);
          return;
        }
        answered(client);
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      client.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      updateAutoRead(client);
      ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (backend == ctx.channel()) {
        backend = null;
      }
      if (relaying) {
        // Tomcat went away in the middle of an exchange: the answer cannot be completed.
        client.close();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
