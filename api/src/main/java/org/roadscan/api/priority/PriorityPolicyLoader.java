package org.roadscan.api.priority;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.roadscan.api.config.AppConfig;
import org.roadscan.api.config.ConfigException;

/**
 * Builds the service's {@link PriorityPolicy} from its configuration: reads the road and
 * sensitive-places layers (blocking: call it on a worker thread) and fingerprints the whole policy
 * so the register is rescored when any of it changes.
 */
public final class PriorityPolicyLoader {

  /** Bumped whenever the scoring formula in {@link PriorityPolicy} changes. */
  public static final String FORMULA_VERSION = "3";

  /** The policy and what identifies it. */
  public record Loaded(PriorityPolicy policy, String fingerprint) {
  }

  private PriorityPolicyLoader() {
  }

  /** @throws ConfigException naming the layer's key when a layer cannot be read */
  public static Loaded load(AppConfig config) {
    MessageDigest digest = sha256();
    digest.update(("formula " + FORMULA_VERSION + "; weights "
        + PriorityWeights.asMap(config.priorityWeights())).getBytes(StandardCharsets.UTF_8));
    MapLayer roads = layer(config.roadLayer(), AppConfig.ROAD_LAYER, digest);
    MapLayer sensitive = layer(config.sensitiveLayer(), AppConfig.SENSITIVE_LAYER, digest);
    return new Loaded(new PriorityPolicy(config.priorityWeights(), roads, sensitive),
        HexFormat.of().formatHex(digest.digest()).substring(0, 16));
  }

  private static MapLayer layer(Path file, String key, MessageDigest digest) {
    digest.update((key + "=").getBytes(StandardCharsets.UTF_8));
    if (file == null) {
      return null;
    }
    try {
      digest.update(Files.readAllBytes(file));
      return MapLayer.read(file);
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(key, "cannot use " + file + ": " + e.getMessage());
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
