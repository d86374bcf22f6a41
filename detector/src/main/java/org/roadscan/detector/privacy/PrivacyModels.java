package org.roadscan.detector.privacy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The two privacy model files in a directory (by default {@code models/privacy}, found like the
 * damage model: a path relative to the working directory), each checked against the SHA-256 it was
 * released with. A file with any other hash is refused: a truncated or swapped detector would let
 * faces and plates through silently. Immutable, thread-safe.
 *
 * @param face the YuNet face model, {@value #FACE_FILE}
 * @param plate the LPD-YuNet plate model, {@value #PLATE_FILE}
 */
public record PrivacyModels(Path face, Path plate) {

  /** The face model, relative to the privacy model directory. */
  public static final String FACE_FILE = "face-yunet/face_detection_yunet_2023mar.onnx";
  /** The plate model, relative to the privacy model directory. */
  public static final String PLATE_FILE =
      "plate-lpd-yunet/license_plate_detection_lpd_yunet_2023mar.onnx";
  /** SHA-256 of the OpenCV Zoo's YuNet 2023mar release. */
  public static final String FACE_SHA256 =
      "8f2383e4dd3cfbb4553ea8718107fc0423210dc964f9f4280604804ed2552fa4";
  /** SHA-256 of the OpenCV Zoo's LPD-YuNet 2023mar release. */
  public static final String PLATE_SHA256 =
      "6d4978a7b6d25514d5e24811b82bfb511d166bdd8ca3b03aa63c1623d4d039c7";
  /** The models' names, the first part of {@link Anonymizer#detectorVersion()}. */
  public static final String MODELS_VERSION = "yunet-2023mar+lpd-yunet-2023mar";

  /**
   * Locates both files under {@code dir} and checks their SHA-256.
   *
   * @throws PrivacyModelException naming the file when one is missing, unreadable or altered
   */
  public static PrivacyModels load(Path dir) {
    Path face = dir.resolve(FACE_FILE).toAbsolutePath().normalize();
    Path plate = dir.resolve(PLATE_FILE).toAbsolutePath().normalize();
    verify(face, FACE_SHA256);
    verify(plate, PLATE_SHA256);
    return new PrivacyModels(face, plate);
  }

  static void verify(Path file, String expectedSha256) {
    if (!Files.isRegularFile(file)) {
      throw new PrivacyModelException("privacy model " + file + " not found");
    }
    String actual = sha256(file);
    if (!actual.equals(expectedSha256)) {
      throw new PrivacyModelException("privacy model " + file + " has SHA-256 " + actual
          + ", expected " + expectedSha256 + " (see models/privacy/README.md)");
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new PrivacyModelException("privacy model " + file + " cannot be read", e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
