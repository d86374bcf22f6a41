package org.roadscan.detector.geo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sensor width of a camera known by its EXIF {@code Model}, for images without
 * {@code FocalLengthIn35mmFilm}: focal length in pixels = FocalLength mm / sensor width mm × image
 * long side px. The table is deliberately small (common DJI survey drones plus the camera of our
 * caliterra sample); widths are the manufacturers' sensor sizes (1" type 13.2 mm, 1/2" type 6.4 mm,
 * 1/2.3" type 6.17 mm). Cameras whose EXIF Model covers several sensors (e.g. the Zenmuse H20T,
 * {@code ZH20T}, with wide, zoom and thermal cameras) are left out on purpose: a wrong width is
 * worse than none, and an unknown camera is simply not projected.
 *
 * @param exifModel EXIF Model as the camera writes it, matched ignoring case and outer spaces
 * @param description human name of the camera
 * @param sensorWidthMm width of the sensor's long side, millimetres
 */
public record CameraSensor(String exifModel, String description, double sensorWidthMm) {

  private static final List<CameraSensor> KNOWN = List.of(
      new CameraSensor("FC6310", "DJI Phantom 4 Pro, 1\" sensor", 13.2),
      new CameraSensor("FC6310S", "DJI Phantom 4 Pro V2.0, 1\" sensor", 13.2),
      new CameraSensor("L1D-20c", "DJI Mavic 2 Pro (Hasselblad), 1\" sensor", 13.2),
      new CameraSensor("FC330", "DJI Phantom 4, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC220", "DJI Mavic Pro, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC7303", "DJI Mini 2, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC3170", "DJI Mavic Air 2, 1/2\" sensor", 6.4),
      new CameraSensor("Canon PowerShot SX260 HS", "Canon PowerShot SX260 HS, 1/2.3\" sensor",
          6.17));

  public CameraSensor {
    if (exifModel == null || exifModel.isBlank() || !(sensorWidthMm > 0)) {
      throw new IllegalArgumentException("exifModel and a positive sensorWidthMm are required");
    }
  }

  /** The sensor of a camera by its EXIF Model, or empty when the model is null or not listed. */
  public static Optional<CameraSensor> forModel(String exifModel) {
    if (exifModel == null) {
      return Optional.empty();
    }
    String wanted = exifModel.trim().toLowerCase(Locale.ROOT);
    return KNOWN.stream()
        .filter(sensor -> sensor.exifModel().toLowerCase(Locale.ROOT).equals(wanted))
        .findFirst();
  }

  /** All listed sensors, in table order. */
  public static List<CameraSensor> known() {
    return KNOWN;
  }
}
