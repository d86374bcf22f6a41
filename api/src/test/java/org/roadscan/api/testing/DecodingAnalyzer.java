package org.roadscan.api.testing;

import java.util.List;
import org.opencv.core.Mat;
import org.roadscan.detector.CaptureAnalysis;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.ModelInfo;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.image.PixelLimit;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;

/**
 * Not a model: reads the metadata and decodes the pixels as the real analyzer does (the detector's
 * {@link MetadataReader} and guarded {@link ImageDecoder}), then answers an analysis without
 * observations. For tests of hostile files, where what matters is that reading and decoding refuse
 * or survive them, not what a model would find. Thread-safe.
 */
public final class DecodingAnalyzer implements CaptureAnalyzer {

  private final MetadataReader reader = new MetadataReader();
  private final PixelLimit limit;

  public DecodingAnalyzer(PixelLimit limit) {
    this.limit = limit;
  }

  @Override
  public CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context)
      throws CaptureException {
    CaptureMetadata metadata = reader.read(imageBytes, context);
    Mat pixels = ImageDecoder.decodeJpeg(imageBytes, 1, limit);
    pixels.release();
    return new CaptureAnalysis(metadata, List.of());
  }

  @Override
  public ModelInfo modelInfo() {
    return ModelInfo.of(List.of("D00", "D10", "D20", "D40"), List.of(0.25, 0.25, 0.25, 0.25),
        false, 1);
  }

  @Override
  public void close() {
  }
}
