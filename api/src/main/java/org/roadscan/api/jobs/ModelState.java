package org.roadscan.api.jobs;

import java.util.Optional;
import org.roadscan.detector.CaptureAnalyzer;
import org.roadscan.detector.ModelInfo;

/**
 * Whether the model is loaded, for {@code /health}. Written once by the verticle when loading ends,
 * read by request handlers; thread-safe (volatile publication of an immutable snapshot).
 */
public final class ModelState {

  /** Where loading stands. */
  public enum Status {
    LOADING, READY, FAILED,
    /** This instance runs no workers ({@code ROADSCAN_WORKERS=0}) and loads no model. */
    NOT_LOADED
  }

  private record Snapshot(Status status, ModelInfo info, String error) {
  }

  private final String name;
  private volatile Snapshot snapshot;

  /** @param name what {@code /health} calls the model (its directory name) */
  public ModelState(String name) {
    this.name = name;
    this.snapshot = new Snapshot(Status.LOADING, null, null);
  }

  public void ready(CaptureAnalyzer analyzer) {
    snapshot = new Snapshot(Status.READY, analyzer.modelInfo(), null);
  }

  public void failed(Throwable error) {
    snapshot = new Snapshot(Status.FAILED, null, String.valueOf(error.getMessage()));
  }

  public void notLoaded() {
    snapshot = new Snapshot(Status.NOT_LOADED, null, null);
  }

  public Status status() {
    return snapshot.status();
  }

  public String name() {
    return name;
  }

  /** The loaded model's classes, thresholds and self-check; empty until it is {@code READY}. */
  public Optional<ModelInfo> info() {
    return Optional.ofNullable(snapshot.info());
  }

  /** Why loading failed, or null. */
  public String error() {
    return snapshot.error();
  }
}
