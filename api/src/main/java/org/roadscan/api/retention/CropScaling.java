package org.roadscan.api.retention;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Scales a kept crop (a JPEG the detector rendered, no metadata) down to a requested longer side.
 * The crop is small (at most {@code ObservationImageHandler.MAX_SIZE_PX}), so plain ImageIO is
 * enough; the output is a baseline JFIF JPEG without EXIF. Blocking; thread-safe.
 */
public final class CropScaling {

  /** As {@code BoxExcerpt.QUALITY}. */
  private static final float QUALITY = 0.85f;

  private CropScaling() {
  }

  /** {@code jpeg} itself when its longer side is at most {@code maxSidePx}, else a scaled copy. */
  public static byte[] fit(byte[] jpeg, int maxSidePx) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
    if (image == null) {
      throw new IOException("kept crop is not a readable JPEG");
    }
    int longSide = Math.max(image.getWidth(), image.getHeight());
    if (longSide <= maxSidePx) {
      return jpeg;
    }
    double scale = (double) maxSidePx / longSide;
    int w = Math.max(1, (int) Math.round(image.getWidth() * scale));
    int h = Math.max(1, (int) Math.round(image.getHeight() * scale));
    BufferedImage scaled = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    var g = scaled.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
          RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(image, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(QUALITY);
      writer.write(null, new IIOImage(scaled, null, null), param);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
