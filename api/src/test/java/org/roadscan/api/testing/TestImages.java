package org.roadscan.api.testing;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Real (if tiny) JPEG files, encoded by ImageIO; different seeds give different bytes. */
public final class TestImages {

  private TestImages() {
  }

  public static byte[] jpeg(int seed) {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(80, 80, 80));
    g.fillRect(0, 0, 64, 48);
    g.setColor(new Color((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256));
    g.fillOval(seed % 40, (seed * 7) % 30, 20, 14);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "jpg", out)) {
        throw new IllegalStateException("no JPEG writer");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /**
   * {@code jpeg} with {@code marker} appended after its end: decoders ignore it, yet the bytes,
   * and so the content hash, differ, making another capture of the same picture.
   */
  public static byte[] withMarker(byte[] jpeg, String marker) {
    byte[] tail = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = java.util.Arrays.copyOf(jpeg, jpeg.length + tail.length);
    System.arraycopy(tail, 0, out, jpeg.length, tail.length);
    return out;
  }
}
