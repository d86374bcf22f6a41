package org.roadscan.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.roadscan.api.testing.TestImages;
import org.roadscan.detector.CaptureException;
import org.roadscan.detector.geo.SurveyProfile;

class MainTest {

  @Test
  void evaluateIsDispatchedToTheDetectorsCommand() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = Main.command(new String[] {"evaluate"}, new PrintStream(new ByteArrayOutputStream()),
        new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: evaluate");
  }

  @Test
  void anUnknownCommandIsAUsageError() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = Main.command(new String[] {"serve-coffee"}, new PrintStream(
        new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'serve-coffee'");
  }

  @Test
  void theProductionValidatorRefusesAJpegWithoutGps() {
    assertThatThrownBy(() -> Main.captureValidator().check(TestImages.jpeg(1),
        SurveyProfile.NONE))
        .isInstanceOfSatisfying(CaptureException.class, e -> {
          assertThat(e.reason()).isEqualTo(CaptureException.Reason.MISSING_METADATA);
          assertThat(e.field()).startsWith("GPS");
        });
  }
}
