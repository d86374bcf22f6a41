package org.roadscan.detector.geo;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sensor width of a camera known by its EXIF {@code Model}, for images without
 * {@code FocalLengthIn35mmFilm}: focal length in pixels = FocalLength mm / sensor width mm × image
 * long side px. The table is deliberately small: the DJI Phantom, Mavic/Air, Mini and Matrice
 * (Zenmuse) cameras cities commonly fly, plus the camera of our caliterra sample. Widths are the
 * nominal widths of the sensor types the makers state (1/2.3" 6.17 mm, 1/2" 6.4 mm, 1/1.3" 9.7
 * mm, 1" 13.2 mm, 4/3" 17.3 mm, full frame 35.9 mm); a survey's {@link CameraOverride} wins over
 * the table. It is a fallback behind the files' own calibration, focal-plane resolution and 35 mm
 * equivalent (see {@link CameraIntrinsics}). Cameras whose EXIF Model covers several sensors (e.g. the Zenmuse H20T,
 * {@code ZH20T}, with wide, zoom and thermal cameras) are left out on purpose: a wrong width is
 * worse than none, and an unknown camera is simply not projected.
 *
 * @param exifModel EXIF Model as the camera writes it, matched ignoring case and outer spaces
 * @param description human name of the camera
 * @param sensorWidthMm width of the sensor's long side, millimetres
 */
public record CameraSensor(String exifModel, String description, double sensorWidthMm) {

  private static final List<CameraSensor> KNOWN = List.of(
      // Phantom family
      new CameraSensor("FC300X", "DJI Phantom 3 Professional, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC300S", "DJI Phantom 3 Advanced, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC330", "DJI Phantom 4, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC6310", "DJI Phantom 4 Pro, 1\" sensor", 13.2),
      new CameraSensor("FC6310S", "DJI Phantom 4 Pro V2.0, 1\" sensor", 13.2),
      new CameraSensor("FC6310R", "DJI Phantom 4 RTK, 1\" sensor", 13.2),
      // Mavic and Air family
      new CameraSensor("FC220", "DJI Mavic Pro, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC2103", "DJI Mavic Air, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC2204", "DJI Mavic 2 Zoom, 1/2.3\" sensor", 6.17),
      new CameraSensor("L1D-20c", "DJI Mavic 2 Pro (Hasselblad), 1\" sensor", 13.2),
      new CameraSensor("FC3170", "DJI Mavic Air 2, 1/2\" sensor", 6.4),
      new CameraSensor("FC3411", "DJI Air 2S, 1\" sensor", 13.2),
      new CameraSensor("L2D-20c", "DJI Mavic 3 (Hasselblad), 4/3\" sensor", 17.3),
      new CameraSensor("M3E", "DJI Mavic 3 Enterprise, 4/3\" sensor", 17.3),
      // Mini family
      new CameraSensor("FC7203", "DJI Mavic Mini, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC7303", "DJI Mini 2, 1/2.3\" sensor", 6.17),
      new CameraSensor("FC3582", "DJI Mini 3 Pro, 1/1.3\" sensor", 9.7),
      new CameraSensor("FC8482", "DJI Mini 4 Pro, 1/1.3\" sensor", 9.7),
      // Matrice / Inspire payloads (one sensor per EXIF Model)
      new CameraSensor("FC6510", "DJI Zenmuse X4S, 1\" sensor", 13.2),
      new CameraSensor("FC6520", "DJI Zenmuse X5S, 4/3\" sensor", 17.3),
      new CameraSensor("ZenmuseP1", "DJI Zenmuse P1, full-frame sensor", 35.9),
      // The camera of our caliterra sample
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
