package dev.pledge.server.analytics;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Writes an {@link IngestResponses.Answer} on a Netty channel; both Netty listeners use it. */
final class NettyAnswers {

  /**
   * The headers Spring Security put on every answer of the main port, kept on the lean path so that
   * routing {@code /api/event} around the servlet stack changes nothing a client sees.
   */
  static final Map<String, String> MAIN_PORT_HEADERS =
      Map.of(
          "X-Content-Type-Options", "nosniff",
          "X-XSS-Protection", "0",
          "X-Frame-Options", "DENY",
          "Referrer-Policy", "strict-origin-when-cross-origin");

  /** The dedicated listener answers trackers on the property's pages, another origin. */
  static final Map<String, String> CORS_HEADERS =
      Map.of(
          "Access-Control-Allow-Origin", "*",
          "Access-Control-Allow-Methods", "POST",
          "Access-Control-Allow-Headers", "Content-Type",
          "Access-Control-Expose-Headers", "X-Pledge-Dropped");

  private NettyAnswers() {}

  /**
   * How long an accepted event may wait for its commit before the client is told 503 (retry): as
   * long as the servlet path waited. A 503 may still be followed by the commit; a 202 never comes
   * before it.
   */
  static final long STORE_TIMEOUT_MS = 10_000;

  /**
   * Answers 202 once {@code stored} completes, 503 if it fails or takes longer than {@code
   * timeoutMs} (a database that went away must not hold the client forever). Runs on the
   * connection's event loop, so the writer thread goes straight back to the next batch.
   */
  static void answerWhenStored(
      ChannelHandlerContext ctx,
      CompletableFuture<Void> stored,
      Map<String, String> fixedHeaders,
      boolean keepAlive,
      long timeoutMs,
      Runnable written) {
    boolean[] answered = {false}; // touched on the event loop only
    ScheduledFuture<?> timeout =
        ctx.executor()
            .schedule(
                () -> {
                  if (!answered[0]) {
                    answered[0] = true;
                    send(ctx, IngestResponses.afterWrite(false), fixedHeaders, keepAlive, written);
                  }
                },
                timeoutMs,
                TimeUnit.MILLISECONDS);
    stored.whenCompleteAsync(
        (ok, error) -> {
          if (!answered[0]) {
            answered[0] = true;
            timeout.cancel(false);
            send(ctx, IngestResponses.afterWrite(error == null), fixedHeaders, keepAlive, written);
          }
        },
        ctx.executor());
  }

  static void send(
      ChannelHandlerContext ctx,
      IngestResponses.Answer answer,
      Map<String, String> fixedHeaders,
      boolean keepAlive) {
    send(ctx, answer, fixedHeaders, keepAlive, null);
  }

  /** As above; {@code written} runs once the answer is on the wire (or failed). */
  static void send(
      ChannelHandlerContext ctx,
      IngestResponses.Answer answer,
      Map<String, String> fixedHeaders,
      boolean keepAlive,
      Runnable written) {
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            HttpResponseStatus.valueOf(answer.status()),
            Unpooled.wrappedBuffer(bytes));
    HttpHeaders headers = response.headers();
    headers
        .set(
            HttpHeaderNames.CONTENT_TYPE,
            answer.json() ? "application/json" : "text/plain; charset=utf-8")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
    fixedHeaders.forEach(headers::set);
    answer.headers().forEach(headers::set);
    if (keepAlive) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    } else {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    var future = ctx.writeAndFlush(response);
    if (written != null) {
      future.addListener(f -> written.run());
    }
    if (!keepAlive) {
      future.addListener(ChannelFutureListener.CLOSE);
    }
  }
}
