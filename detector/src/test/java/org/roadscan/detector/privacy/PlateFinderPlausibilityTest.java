package org.roadscan.detector.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.roadscan.detector.geo.SurveyProfile;
import org.roadscan.detector.image.ImageDecoder;
import org.roadscan.detector.track.DjiSrt;
import org.roadscan.detector.video.FrameSink;
import org.roadscan.detector.video.RefusedFrame;
import org.roadscan.detector.video.SampledFrame;
import org.roadscan.detector.video.VideoProfile;
import org.roadscan.detector.video.VideoSampler;

/**
 * The sample drone flight (a road seen from 12 m, potholes pasted on it, no person, no vehicle):
 * before {@link PlateFinder#MAX_SHORT_SIDE_PX}, the plate network took the road band of every
 * sampled frame for a 600 x 750 px "plate", and the blur hid the potholes from the analysis
 * (SurveyVideoEndToEndTest, Issue27HardKillTest lost P3 or P5). Nothing is blurred in them now.
 */
class PlateFinderPlausibilityTest {

  private static final Path VIDEOS = Path.of("..", "sample-images", "video");
  private static final Path MODELS = Path.of("..", "models", "privacy");

  @Test
  void theRoadOfANadirDroneFrameIsNoPlate() throws Exception {
    List<byte[]> frames = new ArrayList<>();
    new VideoSampler().sample(VIDEOS.resolve("drone-nadir.mp4"),
        DjiSrt.parse(Files.readString(VIDEOS.resolve("drone-nadir.SRT"))), SurveyProfile.NONE,
        VideoProfile.DEFAULTS, -1, new FrameSink() {
          @Override
          public void sampled(SampledFrame frame) {
            frames.add(frame.jpeg());
          }

          @Override
          public void refused(RefusedFrame frame) {
          }
        });
    assertThat(frames).hasSizeGreaterThan(5);
    try (Anonymizer anonymizer = new Anonymizer(PrivacyModels.load(MODELS))) {
      for (int i = 0; i < frames.size(); i++) {
        Mat bgr = ImageDecoder.decodeJpeg(frames.get(i));
        try {
          assertThat(anonymizer.find(bgr)).as("regions in sampled frame %d", i).isEmpty();
        } finally {
          bgr.release();
        }
      }
    }
  }
}
