package org.roadscan.api.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.roadscan.api.deploy.RenderedChart.at;
import static org.roadscan.api.deploy.RenderedChart.container;
import static org.roadscan.api.deploy.RenderedChart.env;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ConfigFile;

/**
 * The Helm chart {@code helm/roadscan} (issue #32), linted and rendered in-process with helm-java,
 * its manifests parsed and checked: probes on the service's real health routes, the config file
 * mounted where {@code ROADSCAN_CONFIG} points, secrets as environment, resources, a non-root
 * read-only container, and the split into API and worker Deployments.
 */
class HelmChartTest {

  private static final String API = RenderedChart.RELEASE + "-roadscan-api";
  private static final String WORKERS = RenderedChart.RELEASE + "-roadscan-workers";
  private static final String SINGLE = RenderedChart.RELEASE + "-roadscan";
  private static final String ADMIN_TOKEN = "rs_chart-test-admin-token-0123456789abcdef";

  @Test
  void lintsWithoutErrors() {
    LintResult lint = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]")
        || message.contains("[WARNING]"));
    assertThat(lint.isFailed()).as("lint: %s", lint.getMessages()).isFalse();
  }

  @Test
  void defaultsRenderAnApiAndAWorkerDeploymentWithProbesOnTheHealthRoutes() {
    RenderedChart chart = RenderedChart.render();
    assertThat(chart.all("Deployment")).hasSize(2);
    for (String name : List.of(API, WORKERS)) {
      Map<String, Object> container = container(chart.get("Deployment", name));
      assertThat((String) at(container, "livenessProbe.httpGet.path")).isEqualTo("/health/live");
      assertThat((String) at(container, "readinessProbe.httpGet.path")).isEqualTo("/health/ready");
      assertThat((String) at(container, "startupProbe.httpGet.path")).isEqualTo("/health/live");
      assertThat((String) at(container, "readinessProbe.httpGet.port")).isEqualTo("http");
      assertThat((Integer) at(container, "ports.name=http.containerPort")).isEqualTo(8080);
      assertThat((List<String>) at(container, "lifecycle.preStop.exec.command"))
          .containsExactly("sleep", "5");
    }
    Map<String, Object> api = chart.get("Deployment", API);
    Map<String, Object> workers = chart.get("Deployment", WORKERS);
    assertThat(env(api, "ROADSCAN_WORKERS")).as("API pods analyse nothing").isEqualTo("0");
    assertThat(env(api, "ROADSCAN_FEED_WORKERS")).isEqualTo("1");
    assertThat(env(workers, "ROADSCAN_WORKERS")).isEqualTo("2");
    assertThat(env(workers, "ROADSCAN_FEED_WORKERS")).isEqualTo("0");
    assertThat((Integer) at(api, "spec.replicas")).isEqualTo(2);
    assertThat((Integer) at(workers, "spec.replicas")).isEqualTo(1);
    assertThat((Integer) at(api, "spec.template.spec.terminationGracePeriodSeconds"))
        .as("longer than the JVM's 60 s stop plus preStop").isGreaterThan(65);
    // the Service and the PodDisruptionBudget select the API pods only
    Map<String, Object> service = chart.get("Service", SINGLE);
    assertThat((Map<String, String>) at(service, "spec.selector"))
        .containsEntry("app.kubernetes.io/component", "api");
    assertThat((Map<String, String>) at(api, "spec.template.metadata.labels"))
        .containsEntry("app.kubernetes.io/component", "api");
    assertThat((Map<String, String>) at(workers, "spec.template.metadata.labels"))
        .containsEntry("app.kubernetes.io/component", "workers");
    assertThat((Map<String, String>) at(chart.get("PodDisruptionBudget", API),
        "spec.selector.matchLabels")).containsEntry("app.kubernetes.io/component", "api");
  }

  @Test
  void theConfigFileIsMountedWhereRoadscanConfigPointsAndSpeaksConfigExampleKeys()
      throws IOException {
    RenderedChart chart = RenderedChart.render("config.retention.imageDays", 90);
    Map<String, Object> api = chart.get("Deployment", API);
    assertThat(env(api, "ROADSCAN_CONFIG")).isEqualTo("/etc/roadscan/config.yaml");
    assertThat((String) at(container(api), "volumeMounts.name=config.mountPath"))
        .isEqualTo("/etc/roadscan");
    assertThat((Boolean) at(container(api), "volumeMounts.name=config.readOnly")).isTrue();
    String configMap = at(api, "spec.template.spec.volumes.name=config.configMap.name");
    Map<String, String> data = at(chart.get("ConfigMap", configMap), "data");
    Map<String, Object> config = RenderedChart.yaml().load(data.get("config.yaml"));

    assertThat((Integer) at(config, "retention.imageDays")).isEqualTo(90);
    assertThat((Integer) at(config, "http.port")).isEqualTo(8080);
    assertThat((String) at(config, "storage.dataDir")).isEqualTo("/var/lib/roadscan");
    assertThat((String) at(config, "model.dir"))
        .isEqualTo("/opt/roadscan/models/roadscan-damage");
    Map<String, Object> example = RenderedChart.yaml().load(
        Files.readString(Path.of("..", "config-example.yaml")));
    assertThat(keyPaths(config, "")).as("every key of the file is one of config-example.yaml")
        .isSubsetOf(keyPaths(example, ""));
    // and the service's own loader accepts it as rendered, with the chart's values in force
    Path file = Files.createTempFile("roadscan-chart-config", ".yaml");
    try {
      Files.writeString(file, data.get("config.yaml"));
      AppConfig loaded = AppConfig.from(Map.of(ConfigFile.CONFIG, file.toString()),
          new Properties());
      assertThat(loaded.httpPort()).isEqualTo(8080);
    } finally {
      Files.delete(file);
    }
    // the data volume is where the file and ROADSCAN_DATA_DIR say
    assertThat((String) at(container(api), "volumeMounts.name=data.mountPath"))
        .isEqualTo("/var/lib/roadscan");
    assertThat(env(api, "ROADSCAN_DATA_DIR")).isEqualTo("/var/lib/roadscan");
    assertThat((String) at(api, "spec.template.spec.volumes.name=data.persistentVolumeClaim"
        + ".claimName")).isEqualTo(SINGLE + "-data");
    assertThat((List<String>) at(chart.get("PersistentVolumeClaim", SINGLE + "-data"),
        "spec.accessModes")).containsExactly("ReadWriteMany");
  }

  @Test
  void everyRoadscanVariableTheChartSetsIsADocumentedKey() throws IOException {
    String example = Files.readString(Path.of("..", "config-example.yaml"));
    RenderedChart chart = RenderedChart.render("database.url",
        "postgresql://roadscan:secret@db.example.de:5432/roadscan", "auth.adminToken",
        ADMIN_TOKEN);
    List<String> names = new ArrayList<>();
    for (Map<String, Object> deployment : chart.all("Deployment")) {
      List<Map<String, Object>> env = at(container(deployment), "env");
      env.forEach(variable -> names.add((String) variable.get("name")));
    }
    assertThat(names).contains("ROADSCAN_DB_URL", "ROADSCAN_ADMIN_TOKEN");
    names.stream().filter(name -> name.startsWith("ROADSCAN_"))
        // ROADSCAN_CONFIG names the file itself (YAML loading)
        .filter(name -> !name.equals("ROADSCAN_CONFIG"))
        .forEach(name -> assertThat(example).as("config-example.yaml documents " + name)
            .contains(name));
  }

  @Test
  void secretsComeFromTheChartsSecretAsEnvironmentNeverFromTheConfigFile() {
    String url = "postgresql://roadscan:secret@db.example.de:5432/roadscan";
    RenderedChart chart = RenderedChart.render("database.url", url, "auth.adminToken",
        ADMIN_TOKEN);
    Map<String, Object> secret = chart.get("Secret", SINGLE);
    assertThat((Map<String, String>) at(secret, "stringData"))
        .containsEntry("ROADSCAN_DB_URL", url).containsEntry("ROADSCAN_ADMIN_TOKEN", ADMIN_TOKEN);
    for (String name : List.of(API, WORKERS)) {
      Map<String, Object> container = container(chart.get("Deployment", name));
      assertThat((String) at(container, "env.name=ROADSCAN_DB_URL.valueFrom.secretKeyRef.name"))
          .isEqualTo(SINGLE);
      assertThat((String) at(container, "env.name=ROADSCAN_DB_URL.valueFrom.secretKeyRef.key"))
          .isEqualTo("ROADSCAN_DB_URL");
      assertThat((String) at(container,
          "env.name=ROADSCAN_ADMIN_TOKEN.valueFrom.secretKeyRef.key"))
          .isEqualTo("ROADSCAN_ADMIN_TOKEN");
    }
    Map<String, String> data = at(chart.all("ConfigMap").get(0), "data");
    assertThat(data.get("config.yaml")).doesNotContain("secret@").doesNotContain(ADMIN_TOKEN);
  }

  @Test
  void byDefaultTheDatabaseUrlIsReadFromASecretTheOperatorCreates() {
    RenderedChart chart = RenderedChart.render();
    assertThat(chart.all("Secret")).as("nothing secret in values: no chart Secret").isEmpty();
    Map<String, Object> container = container(chart.get("Deployment", API));
    assertThat((String) at(container, "env.name=ROADSCAN_DB_URL.valueFrom.secretKeyRef.name"))
        .isEqualTo("roadscan-database");
    assertThat((Object) at(container, "env.name=ROADSCAN_ADMIN_TOKEN")).isNull();
  }

  @Test
  void cloudNativePgClusterIsRenderedWithTheExtensionsAndItsAppSecretIsRead() {
    RenderedChart chart = RenderedChart.render("database.cloudnativepg.enabled", true,
        "database.cloudnativepg.createCluster", true);
    Map<String, Object> cluster = chart.get("Cluster", SINGLE + "-db");
    assertThat((String) cluster.get("apiVersion")).isEqualTo("postgresql.cnpg.io/v1");
    assertThat((List<String>) at(cluster, "spec.bootstrap.initdb.postInitApplicationSQL"))
        .containsExactly("CREATE EXTENSION IF NOT EXISTS cube",
            "CREATE EXTENSION IF NOT EXISTS earthdistance");
    Map<String, Object> container = container(chart.get("Deployment", WORKERS));
    assertThat((String) at(container, "env.name=ROADSCAN_DB_URL.valueFrom.secretKeyRef.name"))
        .isEqualTo(SINGLE + "-db-app");
    assertThat((String) at(container, "env.name=ROADSCAN_DB_URL.valueFrom.secretKeyRef.key"))
        .isEqualTo("uri");
  }

  @Test
  void podsRunAsNonRootWithAReadOnlyRootAndNoCapabilities() {
    RenderedChart chart = RenderedChart.render();
    for (String name : List.of(API, WORKERS)) {
      Map<String, Object> deployment = chart.get("Deployment", name);
      Map<String, Object> pod = at(deployment, "spec.template.spec.securityContext");
      assertThat((Boolean) pod.get("runAsNonRoot")).isTrue();
      assertThat((Integer) pod.get("runAsUser")).isEqualTo(10001);
      assertThat((String) at(pod, "seccompProfile.type")).isEqualTo("RuntimeDefault");
      Map<String, Object> container = container(deployment);
      assertThat((Boolean) at(container, "securityContext.readOnlyRootFilesystem")).isTrue();
      assertThat((Boolean) at(container, "securityContext.allowPrivilegeEscalation")).isFalse();
      assertThat((List<String>) at(container, "securityContext.capabilities.drop"))
          .containsExactly("ALL");
      assertThat((String) at(container, "volumeMounts.name=tmp.mountPath")).isEqualTo("/tmp");
      assertThat((Boolean) at(deployment, "spec.template.spec.automountServiceAccountToken"))
          .isFalse();
    }
  }

  @Test
  void resourcesAndTheJvmHeapShareComeFromValues() {
    RenderedChart chart = RenderedChart.render("workers.resources.requests.cpu", "3500m",
        "workers.resources.limits.memory", "6Gi", "jvm.maxRamPercentage", 60);
    Map<String, Object> workers = chart.get("Deployment", WORKERS);
    assertThat((String) at(container(workers), "resources.requests.cpu")).isEqualTo("3500m");
    assertThat((String) at(container(workers), "resources.limits.memory")).isEqualTo("6Gi");
    assertThat(env(workers, "JAVA_MAX_RAM_PERCENTAGE")).isEqualTo("60");
    // PyTorch's threads follow the JVM's processor count, which must not be the node's
    assertThat(env(workers, "JAVA_OPTS")).isEqualTo("-XX:ActiveProcessorCount=4");
    Map<String, Object> api = chart.get("Deployment", API);
    assertThat((String) at(container(api), "resources.limits.memory")).isEqualTo("2Gi");
  }

  @Test
  void withoutSeparateWorkersOneDeploymentServesAndAnalysesAndTheHpaScalesIt() {
    RenderedChart chart = RenderedChart.render("workers.enabled", false, "workers.jobWorkers", 3,
        "autoscaling.enabled", true, "autoscaling.queueDepth.enabled", true);
    assertThat(chart.all("Deployment")).hasSize(1);
    Map<String, Object> single = chart.get("Deployment", SINGLE);
    assertThat(env(single, "ROADSCAN_WORKERS")).isEqualTo("3");
    assertThat((Object) at(single, "spec.replicas")).as("the HPA owns the count").isNull();
    Map<String, Object> hpa = chart.get("HorizontalPodAutoscaler", SINGLE);
    assertThat((String) at(hpa, "spec.scaleTargetRef.name")).isEqualTo(SINGLE);
    List<Map<String, Object>> metrics = at(hpa, "spec.metrics");
    assertThat(metrics).extracting(metric -> (String) metric.get("type"))
        .containsExactly("Resource", "External");
    assertThat((String) at(metrics.get(1), "external.metric.name"))
        .isEqualTo("roadscan_jobs_queued");
  }

  @Test
  void theHpaScalesTheWorkerDeploymentWhenThereIsOne() {
    RenderedChart chart = RenderedChart.render("autoscaling.enabled", true);
    assertThat((String) at(chart.get("HorizontalPodAutoscaler", WORKERS),
        "spec.scaleTargetRef.name")).isEqualTo(WORKERS);
    assertThat((Object) at(chart.get("Deployment", WORKERS), "spec.replicas")).isNull();
    assertThat((Integer) at(chart.get("Deployment", API), "spec.replicas")).isEqualTo(2);
  }

  @Test
  void ingressAndPrometheusAreOptional() {
    RenderedChart plain = RenderedChart.render();
    assertThat(plain.all("Ingress")).isEmpty();
    assertThat(plain.all("ServiceMonitor")).isEmpty();
    assertThat((Map<String, String>) at(plain.get("Deployment", API),
        "spec.template.metadata.annotations")).doesNotContainKey("prometheus.io/scrape");

    RenderedChart full = RenderedChart.render("ingress.enabled", true, "ingress.className",
        "nginx", "metrics.serviceMonitor.enabled", true, "metrics.podAnnotations", true);
    Map<String, Object> ingress = full.get("Ingress", SINGLE);
    assertThat((String) at(ingress, "spec.ingressClassName")).isEqualTo("nginx");
    List<Map<String, Object>> rules = at(ingress, "spec.rules");
    assertThat((String) rules.get(0).get("host")).isEqualTo("roadscan.example.de");
    List<Map<String, Object>> paths = at(rules.get(0), "http.paths");
    assertThat((String) at(paths.get(0), "backend.service.name")).isEqualTo(SINGLE);
    Map<String, Object> monitor = full.get("ServiceMonitor", SINGLE);
    List<Map<String, Object>> endpoints = at(monitor, "spec.endpoints");
    assertThat((String) endpoints.get(0).get("path")).isEqualTo("/metrics");
    // scraped through a headless Service of every pod: worker pods are not behind the main one
    Map<String, Object> metricsService = full.get("Service", SINGLE + "-metrics");
    assertThat((Map<String, String>) at(monitor, "spec.selector.matchLabels"))
        .isEqualTo(Map.of("app.kubernetes.io/name", "roadscan", "app.kubernetes.io/instance",
            RenderedChart.RELEASE, "app.kubernetes.io/component", "metrics"));
    assertThat((Map<String, String>) at(metricsService, "metadata.labels"))
        .containsEntry("app.kubernetes.io/component", "metrics");
    assertThat((Map<String, String>) at(metricsService, "spec.selector"))
        .doesNotContainKey("app.kubernetes.io/component");
    assertThat(plain.all("Service")).hasSize(1);
    assertThat((Map<String, String>) at(full.get("Deployment", WORKERS),
        "spec.template.metadata.annotations")).containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/path", "/metrics")
        .containsEntry("prometheus.io/port", "8080");
  }

  @Test
  void anEmbeddedDatabaseIsRefusedWithMoreThanOnePod() {
    assertThatThrownBy(() -> RenderedChart.render("database.embedded", true))
        .hasMessageContaining("database.embedded=true runs PostgreSQL inside the pod");
    RenderedChart trial = RenderedChart.render("database.embedded", true, "workers.enabled",
        false, "api.replicas", 1);
    Map<String, Object> single = trial.get("Deployment", SINGLE);
    assertThat((Object) at(container(single), "env.name=ROADSCAN_DB_URL")).isNull();
    assertThat((String) at(single, "spec.strategy.type")).isEqualTo("Recreate");
  }

  @Test
  void imagesInAnS3BucketAreConfiguredByEnvironmentWithTheKeysFromASecret() {
    RenderedChart plain = RenderedChart.render();
    assertThat((Object) at(container(plain.get("Deployment", API)),
        "env.name=ROADSCAN_IMAGE_STORE")).as("the data volume by default").isNull();

    RenderedChart chart = RenderedChart.render("imageStore.type", "s3",
        "imageStore.s3.endpoint", "http://minio.storage.svc:9000",
        "imageStore.s3.bucket", "gelsenkirchen-roads", "imageStore.s3.prefix", "roadscan/",
        "imageStore.s3.existingSecret", "city-object-storage");
    for (String name : List.of(API, WORKERS)) {
      Map<String, Object> deployment = chart.get("Deployment", name);
      Map<String, Object> container = container(deployment);
      assertThat(env(deployment, "ROADSCAN_IMAGE_STORE")).isEqualTo("s3");
      assertThat(env(deployment, "ROADSCAN_S3_ENDPOINT"))
          .isEqualTo("http://minio.storage.svc:9000");
      assertThat(env(deployment, "ROADSCAN_S3_BUCKET")).isEqualTo("gelsenkirchen-roads");
      assertThat(env(deployment, "ROADSCAN_S3_PREFIX")).isEqualTo("roadscan/");
      assertThat((Object) at(container, "env.name=ROADSCAN_S3_REGION")).as("the default")
          .isNull();
      for (String key : List.of("ROADSCAN_S3_ACCESS_KEY", "ROADSCAN_S3_SECRET_KEY")) {
        assertThat((String) at(container, "env.name=" + key + ".valueFrom.secretKeyRef.name"))
            .isEqualTo("city-object-storage");
        assertThat((String) at(container, "env.name=" + key + ".valueFrom.secretKeyRef.key"))
            .isEqualTo(key);
      }
    }
    assertThat(chart.all("Secret")).as("the keys never pass through values").isEmpty();

    assertThatThrownBy(() -> RenderedChart.render("imageStore.type", "s3"))
        .hasMessageContaining("imageStore.s3.bucket is required");
    assertThatThrownBy(() -> RenderedChart.render("imageStore.type", "s3",
        "imageStore.s3.bucket", "roads", "imageStore.s3.existingSecret", ""))
        .hasMessageContaining("imageStore.s3.existingSecret");
    assertThatThrownBy(() -> RenderedChart.render("imageStore.type", "nfs"))
        .hasMessageContaining("imageStore");
  }

  @Test
  void aShortAdminTokenOrNoDatabaseIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> RenderedChart.render("auth.adminToken", "too-short"))
        .hasMessageContaining("auth.adminToken must be at least 32");
    assertThatThrownBy(() -> RenderedChart.render("database.existingSecret", ""))
        .hasMessageContaining("database: set database.url");
  }

  @Test
  void valuesOutsideTheSchemaAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> RenderedChart.render("jvm.maxRamPercentage", 99))
        .hasMessageContaining("jvm.maxRamPercentage");
    assertThatThrownBy(() -> RenderedChart.render("workers.jobWorkers", 0))
        .hasMessageContaining("workers.jobWorkers");
  }

  @Test
  void theProbesAreRoutesTheServiceDescribesAsPublic() throws IOException {
    Map<String, Object> container = container(RenderedChart.render().get("Deployment", API));
    Map<String, Object> openApi = RenderedChart.yaml().load(Files.readString(
        Path.of("src", "main", "resources", "openapi", "openapi.json")));
    for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
      String path = at(container, probe + ".httpGet.path");
      Map<String, Object> paths = at(openApi, "paths");
      assertThat(paths).as(probe).containsKey(path);
      Map<String, Object> get = at(paths.get(path), "get");
      assertThat((List<Object>) get.get("security")).as("%s needs no token", path).isEmpty();
    }
  }

  /** Dotted paths of every leaf of a YAML map ({@code retention.imageDays}). */
  private static List<String> keyPaths(Map<String, Object> map, String prefix) {
    List<String> paths = new ArrayList<>();
    map.forEach((key, value) -> {
      String path = prefix + key;
      if (value instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Map<String, Object> child = (Map<String, Object>) nested;
        paths.addAll(keyPaths(child, path + "."));
      } else {
        paths.add(path);
      }
    });
    return paths;
  }
}
