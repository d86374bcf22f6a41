package org.roadscan.api.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.roadscan.api.RoadScanVerticle;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.testing.Await;
import org.roadscan.api.testing.ScriptedCaptureAnalyzer;
import org.roadscan.api.testing.TestCaptures;
import org.roadscan.api.testing.TestService;
import org.roadscan.detector.privacy.PrivacyModelException;
import org.roadscan.detector.privacy.PrivacyModels;

/**
 * Issue #31: the service never runs without anonymising. Missing privacy models, or a model whose
 * SHA-256 is not the released one, stop the start before anything listens or is stored, with a
 * message naming the file and {@code ROADSCAN_PRIVACY_MODELS}.
 */
@ExtendWith(VertxExtension.class)
class PrivacyModelsRequiredAtStartTest {

  @Test
  void missingModelsStopTheStartNamingTheSetting(Vertx vertx, @TempDir Path dir) {
    Throwable failure = start(vertx, dir.resolve("data"), dir.resolve("no-models-here"));

    assertThat(failure).isInstanceOf(PrivacyModelException.class)
        .hasMessageContaining("not found").hasMessageContaining(AppConfig.PRIVACY_MODELS)
        .hasMessageContaining(PrivacyModels.FACE_FILE);
    assertThat(dir.resolve("data").resolve("images")).doesNotExist();
  }

  @Test
  void anAlteredModelStopsTheStart(Vertx vertx, @TempDir Path dir) throws Exception {
    Path models = dir.resolve("privacy");
    for (String file : new String[] {PrivacyModels.FACE_FILE, PrivacyModels.PLATE_FILE}) {
      Files.createDirectories(models.resolve(file).getParent());
      Files.copy(TestService.PRIVACY_MODELS.resolve(file), models.resolve(file));
    }
    byte[] plate = Files.readAllBytes(models.resolve(PrivacyModels.PLATE_FILE));
    plate[plate.length / 2] ^= 1;
    Files.write(models.resolve(PrivacyModels.PLATE_FILE), plate);

    Throwable failure = start(vertx, dir.resolve("data"), models);

    assertThat(failure).isInstanceOf(PrivacyModelException.class)
        .hasMessageContaining("SHA-256").hasMessageContaining(PrivacyModels.PLATE_SHA256)
        .hasMessageContaining(AppConfig.PRIVACY_MODELS);
  }

  private static Throwable start(Vertx vertx, Path dataDir, Path privacyModels) {
    AppConfig config = TestService.config(dataDir, null,
        Map.of(AppConfig.PRIVACY_MODELS, privacyModels.toString()));
    RoadScanVerticle verticle = new RoadScanVerticle(config,
        c -> new ScriptedCaptureAnalyzer(), TestCaptures.ACCEPT_ALL);
    Throwable failure = Await.failure(vertx.deployVerticle(verticle));
    assertThat(verticle.actualPort()).as("never listened").isEqualTo(-1);
    return failure;
  }
}
