package org.roadscan.detector.eval;

import java.nio.file.Path;

/** A label file that cannot be read; the message names the file (and the line, where known). */
public class LabelFormatException extends Exception {

  private final Path file;

  public LabelFormatException(Path file, String message) {
    super(file + ": " + message);
    this.file = file;
  }

  public LabelFormatException(Path file, String message, Throwable cause) {
    super(file + ": " + message, cause);
    this.file = file;
  }

  /** The label file at fault. */
  public Path file() {
    return file;
  }
}
