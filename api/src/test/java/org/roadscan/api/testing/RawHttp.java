package org.roadscan.api.testing;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, byte for byte as written, for requests a client library would
 * refuse to send (a 5000-byte URI, broken percent-encoding, a bad Host). Blocking: call from the
 * JUnit thread, never an event loop.
 */
public final class RawHttp {

  /** A response: status, headers (names lower-case) and body. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public JsonObject json() {
      return new JsonObject(text());
    }
  }

  private RawHttp() {
  }

  /** Sends {@code request} (head and body as given) and reads one response. */
  public static Response exchange(int port, byte[] request) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The tests' admin token as a header line (issue #30): {@link #exchange(int, String, byte[])}
   * and {@link #get} add it unless the request names a token itself; raw requests written to a
   * socket put it in themselves.
   */
  public static final String AUTHORIZATION_LINE = "Authorization: "
      + TestService.ADMIN_AUTHORIZATION + "\r\n";

  /**
   * Sends a request head with an optional body, adding {@code Content-Length} when it has one
   * and the admin token unless the head names one.
   */
  public static Response exchange(int port, String head, byte[] body) {
    String full = head.endsWith("\r\n") ? head : head + "\r\n";
    if (!full.toLowerCase(java.util.Locale.ROOT).contains("\r\nauthorization:")) {
      full += AUTHORIZATION_LINE;
    }
    if (body.length > 0) {
      full += "Content-Length: " + body.length + "\r\n";
    }
    full += "Connection: close\r\n\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(full.getBytes(StandardCharsets.ISO_8859_1));
    request.writeBytes(body);
    return exchange(port, request.toByteArray());
  }

  /** GETs {@code target} (path and query exactly as given) with extra header lines. */
  public static Response get(int port, String target, String... headerLines) {
    StringBuilder head = new StringBuilder("GET " + target + " HTTP/1.1\r\n");
    boolean host = false;
    for (String line : headerLines) {
      head.append(line).append("\r\n");
      host |= line.toLowerCase(Locale.ROOT).startsWith("host:");
    }
    if (!host) {
      head.append("Host: localhost:").append(port).append("\r\n");
    }
    return exchange(port, head.toString(), new byte[0]);
  }

  /** Reads a response with Content-Length, or up to the end of the stream. */
  public static Response read(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before a complete response head: "
            + head.toString(StandardCharsets.ISO_8859_1));
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2))
          || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    byte[] body;
    String length = headers.get("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else {
      ByteArrayOutputStream rest = new ByteArrayOutputStream();
      try {
        in.transferTo(rest);
      } catch (SocketTimeoutException e) {
        // what came is the body
      }
      body = rest.toByteArray();
    }
    return new Response(status, headers, body);
  }

  /** Whether the server closes a connection on which {@code sent} was written, within the timeout. */
  public static boolean closedAfter(int port, byte[] sent, int timeoutMs) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(timeoutMs);
      socket.getOutputStream().write(sent);
      socket.getOutputStream().flush();
      try {
        InputStream in = socket.getInputStream();
        while (in.read() >= 0) {
          // an answer (e.g. 408) may come first; the close follows
        }
        return true;
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
