package org.roadscan.api.config;

/** A configuration value that is missing or unusable; the message names the key at fault. */
public class ConfigException extends RuntimeException {

  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  /** The environment variable at fault, e.g. {@code ROADSCAN_HTTP_PORT}. */
  public String key() {
    return key;
  }
}
