package org.roadscan.api.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The manifests {@code helm template} renders from {@code helm/roadscan}, rendered in-process by
 * helm-java (Helm's Go library; no helm binary) and parsed with SnakeYAML. Navigation by dotted
 * paths keeps the assertions close to what {@code kubectl get -o yaml} shows.
 */
final class RenderedChart {

  /** The chart, from the api module's directory (where Maven runs the tests). */
  static final Path CHART = Path.of("..", "helm", "roadscan");
  static final String RELEASE = "city";

  private final List<Map<String, Object>> documents;

  private RenderedChart(List<Map<String, Object>> documents) {
    this.documents = documents;
  }

  /** Renders with {@code --set key=value} for each pair ({@code key1, value1, key2, ...}). */
  static RenderedChart render(Object... sets) {
    TemplateCommand template = new Helm(CHART).template().withName(RELEASE)
        .withNamespace("roadscan");
    for (int i = 0; i < sets.length; i += 2) {
      template = template.set((String) sets[i], sets[i + 1]);
    }
    return parse(template.call());
  }

  @SuppressWarnings("unchecked")
  static RenderedChart parse(String manifests) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : yaml().loadAll(manifests)) {
      if (document != null) {
        documents.add((Map<String, Object>) document);
      }
    }
    return new RenderedChart(documents);
  }

  static Yaml yaml() {
    return new Yaml(new SafeConstructor(new LoaderOptions()));
  }

  List<Map<String, Object>> all(String kind) {
    return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  /** The one document of {@code kind} named {@code name}; fails when there is none. */
  Map<String, Object> get(String kind, String name) {
    return documents.stream()
        .filter(d -> kind.equals(d.get("kind")) && name.equals(at(d, "metadata.name")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + names()));
  }

  List<String> names() {
    return documents.stream().map(d -> d.get("kind") + "/" + at(d, "metadata.name")).toList();
  }

  /** The value at a dotted path of maps; a segment {@code name=x} picks the list item named x. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String path) {
    Object current = node;
    for (String segment : path.split("\\.")) {
      if (current == null) {
        return null;
      }
      if (segment.startsWith("name=")) {
        String name = segment.substring("name=".length());
        current = ((List<Map<String, Object>>) current).stream()
            .filter(item -> Objects.equals(name, item.get("name"))).findFirst().orElse(null);
      } else {
        current = ((Map<String, Object>) current).get(segment);
      }
    }
    return (T) current;
  }

  /** The first container of a Deployment. */
  static Map<String, Object> container(Map<String, Object> deployment) {
    List<Map<String, Object>> containers = at(deployment, "spec.template.spec.containers");
    return containers.get(0);
  }

  /** The plain value of environment variable {@code name}, or null. */
  static String env(Map<String, Object> deployment, String name) {
    return at(container(deployment), "env.name=" + name + ".value");
  }
}
