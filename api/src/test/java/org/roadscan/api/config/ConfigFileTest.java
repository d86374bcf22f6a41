package org.roadscan.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one configuration file (issue #32): config-example.yaml is read as it is, and precedence. */
class ConfigFileTest {

  /** The documented example at the project root, as an operator would copy it. */
  private static final Path EXAMPLE = Path.of("..", "config-example.yaml");

  @TempDir
  Path dir;

  @Test
  void theDocumentedExampleIsAValidFileAndSetsWhatItShows() {
    AppConfig config = AppConfig.from(Map.of(ConfigFile.CONFIG, EXAMPLE.toString()),
        new Properties());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.workers()).isEqualTo(4);
    assertThat(config.dbDurable()).isTrue();
    assertThat(config.embeddedDatabase()).isTrue();
    assertThat(config.inferenceBudgetMs()).isEqualTo(120_000L);
    assertThat(config.feed()).isEqualTo(new AppConfig.FeedLimits(1, 2));
    assertThat(config.http()).isEqualTo(AppConfig.HttpLimits.DEFAULTS);
    assertThat(config.auth()).isEqualTo(AuthConfig.DEFAULTS);
    assertThat(config.ops()).isEqualTo(new OpsConfig(false, OpsConfig.LogFormat.TEXT, "info",
        EXAMPLE));
    assertThat(config.retention()).isEqualTo(AppConfig.Retention.DEFAULTS);
    assertThat(config.images()).isEqualTo(ImageStoreConfig.DIRECTORY);
  }

  @Test
  void everyKeyOfTheExampleIsKnownAndEveryKnownKeyIsInTheExample() throws IOException {
    String example = Files.readString(EXAMPLE);
    for (Map.Entry<String, String> key : ConfigFile.KEYS.entrySet()) {
      String leaf = key.getKey().substring(key.getKey().lastIndexOf('.') + 1);
      assertThat(example).as(key.getKey()).contains(" " + leaf + ":").contains(key.getValue());
    }
  }

  @Test
  void systemPropertyBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
    Path file = write("""
        http:
          port: 9000
        jobs:
          workers: 3
          inferenceBudgetS: 45
        connections:
          trustedProxies: [10.0.0.0/8, "::1/128"]
        operations:
          logFormat: json
          metricsPublic: true
        """);
    Properties properties = new Properties();
    properties.setProperty("roadscan.http.port", "9002");

    // a blank variable (a chart's optional secret left empty) does not hide the file's value
    AppConfig config = AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString(),
        AppConfig.HTTP_PORT, "9001", AppConfig.WORKERS, "2", AppConfig.INFERENCE_BUDGET_S, " "),
        properties);

    assertThat(config.httpPort()).isEqualTo(9002);
    assertThat(config.workers()).isEqualTo(2);
    assertThat(config.inferenceBudgetMs()).isEqualTo(45_000L);
    assertThat(config.maxImageBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(config.http().trustedProxies().ranges()).hasSize(2);
    assertThat(config.ops().logFormat()).isEqualTo(OpsConfig.LogFormat.JSON);
    assertThat(config.ops().metricsPublic()).isTrue();
  }

  @Test
  void anUnknownKeyIsRefusedNamingItTheFileAndTheLine() throws IOException {
    Path file = write("""
        http:
          prot: 9000
        """);

    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString()),
        new Properties()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("http.prot: unknown key")
        .hasMessageContaining(file + " line 2")
        .hasMessageContaining("known keys here: port");
  }

  @Test
  void anS3BucketIsSetInTheFileAndItsKeysOnlyAsFilesOrInTheEnvironment() throws IOException {
    Path secret = Files.writeString(dir.resolve("s3-secret"), "secret-from-file\n");
    Path file = write("""
        images:
          store: s3
          s3:
            endpoint: http://minio.storage:9000
            bucket: roads
            prefix: roadscan/
            secretKeyFile: %s
        """.formatted(secret));

    ImageStoreConfig.S3 s3 = AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString(),
        ImageStoreConfig.S3_ACCESS_KEY, "access-from-env"), new Properties()).images().s3();
    assertThat(s3.endpoint()).hasToString("http://minio.storage:9000");
    assertThat(s3.bucket()).isEqualTo("roads");
    assertThat(s3.prefix()).isEqualTo("roadscan/");
    assertThat(s3.accessKey()).isEqualTo("access-from-env");
    assertThat(s3.secretKey()).isEqualTo("secret-from-file");

    Path inline = write("""
        images:
          s3:
            secretKey: do-not-write-me-here
        """);
    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, inline.toString()),
        new Properties()))
        .hasMessageStartingWith("images.s3.secretKey: unknown key")
        .hasMessageNotContaining("do-not-write-me-here");
  }

  @Test
  void anUnknownSectionIsRefusedListingTheSections() throws IOException {
    Path file = write("""
        htp:
          port: 9000
        """);

    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString()),
        new Properties()))
        .hasMessageStartingWith("htp: unknown key")
        .hasMessageContaining("line 1")
        .hasMessageContaining("known sections: http, database");
  }

  @Test
  void aWrongTypeIsRefusedNamingTheVariableAndTheFileKeyWithItsLine() throws IOException {
    Path file = write("""
        # comment
        http:
          port: eighty
        """);

    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString()),
        new Properties()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(AppConfig.HTTP_PORT))
        .hasMessageContaining("expected an integer, was 'eighty'")
        .hasMessageContaining("set by http.port in " + file + " line 3");
  }

  @Test
  void aSectionWhereAValueBelongsAndAValueWhereASectionBelongsAreRefused() throws IOException {
    Path section = write("""
        http:
          port:
            number: 1
        """);
    Path value = write("""
        auth:
          oidc: https://sso.example.de
        """);

    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, section.toString()),
        new Properties()))
        .hasMessageStartingWith("http.port: expected a value, found a section");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, value.toString()),
        new Properties()))
        .hasMessageStartingWith("auth.oidc: is a section, found a value")
        .hasMessageContaining("issuer, audience, rolesClaim, rolePrefix");
  }

  @Test
  void aMissingOrBrokenFileIsRefusedNamingRoadscanConfig() throws IOException {
    Path broken = write("http:\n  port: [1\n");

    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG,
        dir.resolve("absent.yaml").toString()), new Properties()))
        .hasMessageStartingWith("ROADSCAN_CONFIG: cannot read");
    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, broken.toString()),
        new Properties()))
        .hasMessageStartingWith("ROADSCAN_CONFIG: ")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void aRepeatedKeyIsRefused() throws IOException {
    Path file = write("""
        http:
          port: 1
          port: 2
        """);

    assertThatThrownBy(() -> AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString()),
        new Properties()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("port");
  }

  private int files;

  private Path write(String yaml) throws IOException {
    return Files.writeString(dir.resolve("config-" + files++ + ".yaml"), yaml);
  }
}
