package dev.pledge.server.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console API reads at most {@value #MAX_BYTES} bytes of a request body — its largest input is
 * a 4,000-character note — and answers a larger one with 413 and the errors object, before any of
 * it is parsed: a declared length at once, a chunked body as soon as it passes the limit.
 */
final class ConsoleApiBodyLimit extends OncePerRequestFilter {

  static final int MAX_BYTES = 64 * 1024;

  static final String TOO_LARGE =
      "The request body is larger than " + (MAX_BYTES / 1024) + " KiB; send less.";

  /**
   * Thrown while reading a body that passed the limit; answered 413 by {@link ConsoleApiErrors}.
   */
  static final class BodyTooLarge extends IOException {
    BodyTooLarge() {
      super("request body over " + MAX_BYTES + " bytes");
    }
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !ApiErrors.isApi(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > MAX_BYTES) {
      ApiErrors.write(response, 413, "body", TOO_LARGE);
      return;
    }
    chain.doFilter(new Limited(request), response);
  }

  /** A request whose body stream fails once it has given {@link #MAX_BYTES}. */
  private static final class Limited extends HttpServletRequestWrapper {
    private ServletInputStream limited;

    Limited(HttpServletRequest request) {
      super(request);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (limited == null) {
        limited = new Counting(super.getInputStream());
      }
      return limited;
    }
  }

  private static final class Counting extends ServletInputStream {
    private final ServletInputStream in;
    private long read;

    Counting(ServletInputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLarge {
      read += n;
      if (read > MAX_BYTES) {
        throw new BodyTooLarge();
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
