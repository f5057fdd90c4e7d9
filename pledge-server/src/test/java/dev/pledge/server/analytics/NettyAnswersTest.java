package dev.pledge.server.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("an accepted event's answer on the Netty paths: 202 only after the commit")
class NettyAnswersTest {

  final EmbeddedChannel channel = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
  final ChannelHandlerContext ctx = channel.pipeline().firstContext();

  @Test
  @DisplayName("a commit that never comes is answered 503 with Retry-After, and nothing after it")
  void commitThatNeverComes() {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    NettyAnswers.answerWhenStored(ctx, stored, Map.of(), true, 1_000, null);
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).as("nothing before the timeout").isNull();
    channel.advanceTimeBy(1_001, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    FullHttpResponse r = channel.readOutbound();
    assertThat(r.status().code()).isEqualTo(503);
    assertThat(r.headers().get("Retry-After")).isEqualTo("1");
    r.release();
    stored.complete(null); // a late commit: the client already has its answer
    channel.runPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  @DisplayName("a commit in time is answered 202 once; the timeout then does nothing")
  void commitInTime() {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    NettyAnswers.answerWhenStored(ctx, stored, Map.of(), true, 1_000, null);
    stored.complete(null);
    channel.runPendingTasks();
    FullHttpResponse r = channel.readOutbound();
    assertThat(r.status().code()).isEqualTo(202);
    r.release();
    channel.advanceTimeBy(2_000, TimeUnit.MILLISECONDS);
    channel.runScheduledPendingTasks();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  @DisplayName("a failed write is answered 503, never 202")
  void failedWrite() {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    NettyAnswers.answerWhenStored(ctx, stored, Map.of(), true, 1_000, null);
    stored.completeExceptionally(new java.sql.SQLException("gone", "08006"));
    channel.runPendingTasks();
    FullHttpResponse r = channel.readOutbound();
    assertThat(r.status().code()).isEqualTo(503);
    r.release();
  }
}
