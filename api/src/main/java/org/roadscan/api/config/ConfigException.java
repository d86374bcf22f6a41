package org.roadscan.api.config;

/** A configuration value that is missing or unusable; the message names the key at fault. */
public class ConfigException extends RuntimeException {

  private final String key;
  private final String detail;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
    this.detail = message;
  }

  /** The message without the key. */
  public String detail() {
    return detail;
  }

  /** The environment variable at fault, e.g. {@code ROADSCAN_HTTP_PORT}. */
  public String key() {
    return key;
  }
}
