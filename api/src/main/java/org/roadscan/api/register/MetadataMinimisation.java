package org.roadscan.api.register;

import java.util.regex.Pattern;

/**
 * Which capture metadata the register keeps (issue #31, data minimisation): everything the
 * detector reads except device serial numbers (drone, camera body, lens, as DJI XMP and EXIF
 * {@code SerialNumber}, {@code BodySerialNumber}, {@code CameraSerialNumber} name them). The
 * register needs position, time, pose and camera model, not which device took a picture. Migration
 * V16 removes such names from rows stored before. Thread-safe.
 */
public final class MetadataMinimisation {

  private static final Pattern NOT_KEPT = Pattern.compile("(?i).*serial.*");

  private MetadataMinimisation() {
  }

  /** Whether a metadata field of this name is stored in {@code captures.metadata}. */
  public static boolean kept(String name) {
    return !NOT_KEPT.matcher(name).matches();
  }
}
