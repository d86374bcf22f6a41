package org.roadscan.detector.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.roadscan.detector.metadata.CaptureMetadata;

class PinholeCameraTest {

  private static CaptureMetadata camera(String model, Double focalMm, Double focal35Mm,
      int widthPx, int heightPx) {
    return new CaptureMetadata(7.1, 51.5, null, null, null, null, null, focalMm, focal35Mm,
        widthPx, heightPx, "DJI", model, null, null);
  }

  @Test
  void focalLengthFrom35mmEquivalentUsesTheFilmWidth() throws Exception {
    // 24 mm on 36 mm wide film, 4000 px wide: 24 / 36 × 4000 = 2666.667 px.
    PinholeCamera c = intrinsics(camera("FC6310", 8.8, 24.0, 4000, 3000))
        .orElseThrow();

    assertThat(c.focalLengthPx()).isCloseTo(2666.667, within(1e-3));
    assertThat(c.principalPointXPx()).isEqualTo(2000);
    assertThat(c.principalPointYPx()).isEqualTo(1500);
  }

  @Test
  void focalLengthFromSensorTableWithout35mmEquivalent() throws Exception {
    // Phantom 4 Pro: 8.8 mm on a 13.2 mm wide sensor, 5472 px: 8.8 / 13.2 × 5472 = 3648 px.
    assertThat(intrinsics(camera("FC6310", 8.8, null, 5472, 3648)).orElseThrow()
        .focalLengthPx()).isCloseTo(3648, within(1e-9));
    // Canon PowerShot SX260 HS (caliterra): 4.5 mm on 6.17 mm, 4000 px: 2917.342 px.
    assertThat(intrinsics(
        camera(" canon powershot sx260 hs ", 4.5, null, 4000, 3000)).orElseThrow()
        .focalLengthPx()).isCloseTo(2917.342, within(1e-3));
  }

  @Test
  void portraitImageScalesByItsLongSide() throws Exception {
    PinholeCamera c = intrinsics(camera("FC6310", 8.8, null, 3648, 5472))
        .orElseThrow();

    assertThat(c.focalLengthPx()).isCloseTo(3648, within(1e-9));
    assertThat(c.principalPointXPx()).isEqualTo(1824);
  }

  @Test
  void unknownCameraHasNoIntrinsics() throws Exception {
    assertThat(intrinsics(camera("ZH20T", 4.5, null, 4000, 3000))).isEmpty();
    assertThat(intrinsics(camera(null, 4.5, null, 4000, 3000))).isEmpty();
    assertThat(intrinsics(camera("FC6310", null, null, 4000, 3000))).isEmpty();
  }

  @Test
  void pixelOfInvertsRayCamera() {
    PinholeCamera c = PinholeCamera.centred(3000, 4000, 3000);

    double[] ray = c.rayCamera(123.25, 2987.5);
    ImagePoint pixel = c.pixelOf(ray[0] * 7, ray[1] * 7, ray[2] * 7).orElseThrow();

    assertThat(pixel.xPx()).isCloseTo(123.25, within(1e-9));
    assertThat(pixel.yPx()).isCloseTo(2987.5, within(1e-9));
    assertThat(c.pixelOf(0, 0, -1)).isEmpty();
  }

  @Test
  void sensorTableMatchesModelsIgnoringCaseAndSpaces() {
    assertThat(CameraSensor.forModel("l1d-20C ")).get()
        .extracting(CameraSensor::sensorWidthMm).isEqualTo(13.2);
    assertThat(CameraSensor.forModel("FC3170")).get()
        .extracting(CameraSensor::sensorWidthMm).isEqualTo(6.4);
    assertThat(CameraSensor.forModel("FC7303")).get()
        .extracting(CameraSensor::sensorWidthMm).isEqualTo(6.17);
    assertThat(CameraSensor.forModel("iPhone 4S")).isEmpty();
  }

  private static java.util.Optional<PinholeCamera> intrinsics(CaptureMetadata m) throws Exception {
    return CameraIntrinsics.of(m, null).map(CameraIntrinsics::camera);
  }
}
