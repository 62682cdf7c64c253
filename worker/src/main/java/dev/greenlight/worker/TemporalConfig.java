package dev.greenlight.worker;

import java.util.Map;

/**
 * Where Temporal is, read the way every Temporal tool reads it: {@code TEMPORAL_ADDRESS} ({@code
 * host:port}, default {@code 127.0.0.1:7233}) and {@code TEMPORAL_NAMESPACE} (default {@code
 * default}); a command-line flag wins over the environment.
 */
public record TemporalConfig(String address, String namespace) {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  public static TemporalConfig resolve(
      String addressFlag, String namespaceFlag, Map<String, String> environment) {
    return new TemporalConfig(
        firstSet(addressFlag, environment.get("TEMPORAL_ADDRESS"), DEFAULT_ADDRESS),
        firstSet(namespaceFlag, environment.get("TEMPORAL_NAMESPACE"), DEFAULT_NAMESPACE));
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    throw new IllegalStateException("no default");
  }
}
