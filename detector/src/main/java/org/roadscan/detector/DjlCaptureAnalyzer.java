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
import org.roadscan.detector.image.PixelLimit;
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
 * the same time, further calls wait for a free predictor. Interrupting the calling thread stops
 * {@link #analyze} before its next model pass ({@link java.util.concurrent.CancellationException}).
 */
public final class DjlCaptureAnalyzer implements CaptureAnalyzer {

  private final MetadataReader metadataReader = new MetadataReader();
  private final DamageDetector detector;
  private final PoseUncertainty uncertainty;
  private final ScaleAwareSlicing scaleAware;
  private final Passes passes;

  /** Which model passes a frame gets. */
  public enum Passes {
    /** Every tile of the frame's tiling (surveys: nothing may be missed). */
    FULL,
    /**
     * One whole-frame pass, then only the tiles it hints at ({@link
     * DamageDetector#detectFrameFocused}): live frames, where latency matters more than the
     * smallest damage.
     */
    FOCUSED
  }

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
    this(detector, uncertainty, scaleAware, Passes.FULL);
  }

  /** As above, with {@code passes} deciding which tiles are detected. */
  public DjlCaptureAnalyzer(DamageDetector detector, PoseUncertainty uncertainty,
      ScaleAwareSlicing scaleAware, Passes passes) {
    this.detector = detector;
    this.uncertainty = uncertainty;
    this.scaleAware = scaleAware;
    this.passes = passes;
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
    return load(modelDir, workers, uncertainty, Passes.FULL, 0, PixelLimit.DEFAULT);
  }

  /**
   * Loads the model once more for a lane of its own (e.g. the fire brigade's live frames): its
   * own predictors, so that it never waits for another analyzer's.
   *
   * @param passes which tiles are detected
   * @param intraOpThreads PyTorch intra-op threads per pass, or 0 for cores / workers. PyTorch
   *     has one such setting per process, so the analyzer loaded last decides it for all.
   * @param pixelLimit the most pixels an image may declare to be decoded
   */
  public static DjlCaptureAnalyzer load(Path modelDir, int workers, PoseUncertainty uncertainty,
      Passes passes, int intraOpThreads, PixelLimit pixelLimit) {
    ScaleAwareSlicing scaleAware;
    try {
      scaleAware = ScaleAwareSlicing.read(modelDir).orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + modelDir.resolve(
          ModelSpec.SERVING_PROPERTIES), e);
    }
    DamageDetector.Builder builder = DamageDetector.builder().setModelDir(modelDir)
        .optWorkers(workers).optPixelLimit(pixelLimit);
    if (intraOpThreads > 0) {
      builder.optIntraOpThreads(intraOpThreads);
    }
    return new DjlCaptureAnalyzer(builder.build(), uncertainty, scaleAware, passes);
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
      return passes == Passes.FOCUSED
          ? detector.detectFrameFocused(imageBytes, detector.slicing()).detections()
          : detector.detect(imageBytes);
    }
    Slicing tiling = scaleAware.slicingFor(metadata.imageWidthPx(), metadata.imageHeightPx(),
        gsd.getAsDouble(), detector.spec().inputSize());
    return passes == Passes.FOCUSED
        ? detector.detectFrameFocused(imageBytes, tiling).detections()
        : detector.detectFrame(imageBytes, Double.NaN, tiling).detections();
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
