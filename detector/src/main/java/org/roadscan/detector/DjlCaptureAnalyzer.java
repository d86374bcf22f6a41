package org.roadscan.detector;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.roadscan.detector.geo.BoxPlacement;
import org.roadscan.detector.geo.CaptureContext;
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

  /** Analyses with a loaded detector; {@code uncertainty} are the default pose errors. */
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
    return load(modelDir, workers, PoseUncertainty.DEFAULTS);
  }

  /**
   * Loads the model once and warms it up.
   *
   * @param modelDir directory with {@code roadscan-damage.pt}, {@code synset.txt} and
   *     {@code serving.properties}
   * @param workers number of concurrent analyses (one predictor each)
   * @param uncertainty the default pose errors for captures that state none
   */
  public static DjlCaptureAnalyzer load(Path modelDir, int workers, PoseUncertainty uncertainty) {
    DamageDetector detector = DamageDetector.builder().setModelDir(modelDir).optWorkers(workers).build();
    return new DjlCaptureAnalyzer(detector, uncertainty);
  }

  @Override
  public CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context)
      throws CaptureException {
    CaptureMetadata metadata = metadataReader.read(imageBytes);
    GeoreferenceOp georeference = GeoreferenceOp.forCapture(metadata, context, uncertainty);
    List<Detection> detections = detector.detect(imageBytes);
    List<Observation> observations = new ArrayList<>(detections.size());
    List<UnplacedDetection> unplaced = new ArrayList<>();
    for (Detection detection : detections) {
      BoxPlacement placement = georeference.place(detection.box());
      if (placement.isPlaced()) {
        observations.add(placement.footprint().toObservation(detection));
      } else {
        unplaced.add(new UnplacedDetection(detection, placement.unplacedReason()));
      }
    }
    return new CaptureAnalysis(metadata, observations, unplaced, georeference.projection(),
        georeference.basis(), georeference.coverage().orElse(null));
  }

  @Override
  public ModelInfo modelInfo() {
    return ModelInfo.of(detector.classNames(), detector.spec().classThresholds(),
        detector.selfChecked(), detector.workers());
  }

  @Override
  public void close() {
    detector.close();
  }
}
