package org.roadscan.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.model.DamageDetector;

/**
 * The production {@link CaptureAnalyzer}: metadata first (cheap, and a capture we cannot place is
 * refused before any inference), then detection with the DJL model, then each box projected to the
 * ground.
 *
 * <p>Thread-safe: the detector keeps one predictor per worker; up to {@code workers} calls run at
 * the same time, further calls wait for a free predictor.
 */
public final class DjlCaptureAnalyzer implements CaptureAnalyzer {

  private final MetadataReader metadataReader = new MetadataReader();
  private final DamageDetector detector;
  private final PoseUncertainty uncertainty;

  public DjlCaptureAnalyzer(DamageDetector detector, PoseUncertainty uncertainty) {
    this.detector = detector;
    this.uncertainty = uncertainty;
  }

  /**
   * Loads the model once and warms it up.
   *
   * @param modelDir directory with {@code roadscan-damage.pt}, {@code synset.txt} and
   *     {@code serving.properties}
   * @param workers number of concurrent analyses (one predictor each)
   */
  public static DjlCaptureAnalyzer load(Path modelDir, int workers) {
    DamageDetector detector = DamageDetector.builder().setModelDir(modelDir).optWorkers(workers).build();
    return new DjlCaptureAnalyzer(detector, PoseUncertainty.DEFAULTS);
  }

  @Override
  public CaptureAnalysis analyze(byte[] imageBytes) throws CaptureException {
    CaptureMetadata metadata = metadataReader.read(imageBytes);
    GeoreferenceOp georeference = GeoreferenceOp.forCapture(metadata, uncertainty);
    List<Detection> detections = detector.detect(imageBytes);
    List<Observation> observations = new ArrayList<>(detections.size());
    for (Detection detection : detections) {
      observations.add(georeference.project(detection.box()).toObservation(detection));
    }
    return new CaptureAnalysis(metadata, observations);
  }

  @Override
  public List<String> classNames() {
    return detector.classNames();
  }

  @Override
  public void close() {
    detector.close();
  }
}
