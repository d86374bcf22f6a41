package org.roadscan.detector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.roadscan.detector.geo.BoxPlacement;
import org.roadscan.detector.geo.CaptureContext;
import org.roadscan.detector.geo.GeoreferenceOp;
import org.roadscan.detector.geo.PoseUncertainty;
import org.roadscan.detector.metadata.CaptureMetadata;
import org.roadscan.detector.metadata.MetadataReader;
import org.roadscan.detector.model.DamageDetector;
import org.roadscan.detector.model.ModelSpec;
import org.roadscan.detector.model.ScaleAwareSlicing;
import org.roadscan.detector.model.Slicing;

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
  private final ScaleAwareSlicing scaleAware;

  /** Analyses with a loaded detector and its fixed slicing for every frame. */
  public DjlCaptureAnalyzer(DamageDetector detector, PoseUncertainty uncertainty) {
    this(detector, uncertainty, null);
  }

  /**
   * Analyses with a loaded detector; {@code uncertainty} are the default pose errors;
   * {@code scaleAware} tiles drone frames whose ground sample is known (null: fixed slicing).
   */
  public DjlCaptureAnalyzer(DamageDetector detector, PoseUncertainty uncertainty,
      ScaleAwareSlicing scaleAware) {
    this.detector = detector;
    this.uncertainty = uncertainty;
    this.scaleAware = scaleAware;
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
    ScaleAwareSlicing scaleAware;
    try {
      scaleAware = ScaleAwareSlicing.read(modelDir).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + modelDir.resolve(
          ModelSpec.SERVING_PROPERTIES), e);
    }
    DamageDetector detector = DamageDetector.builder().setModelDir(modelDir).optWorkers(workers).build();
    return new DjlCaptureAnalyzer(detector, uncertainty, scaleAware);
  }

  @Override
  public CaptureAnalysis analyze(byte[] imageBytes, CaptureContext context)
      throws CaptureException {
    CaptureMetadata metadata = metadataReader.read(imageBytes, context);
    GeoreferenceOp georeference = GeoreferenceOp.forCapture(metadata, context, uncertainty);
    List<Detection> detections = detect(imageBytes, metadata, georeference);
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

  /**
   * A drone frame whose ground sample is known is tiled by {@link ScaleAwareSlicing} when the model
   * says at which ground scale it learned; everything else by the detector's fixed slicing.
   */
  private List<Detection> detect(byte[] imageBytes, CaptureMetadata metadata,
      GeoreferenceOp georeference) throws CaptureException {
    OptionalDouble gsd = georeference.groundSampleM();
    if (scaleAware == null || gsd.isEmpty()) {
      return detector.detect(imageBytes);
    }
    Slicing tiling = scaleAware.slicingFor(metadata.imageWidthPx(), metadata.imageHeightPx(),
        gsd.getAsDouble(), detector.spec().inputSize());
    return detector.detectFrame(imageBytes, Double.NaN, tiling).detections();
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
