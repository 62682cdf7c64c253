package dev.greenlight.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where and how to reach Temporal, read the way every Temporal tool reads it (the SDK's environment
 * configuration): the profile file ({@code TEMPORAL_CONFIG_FILE}, default {@code
 * ~/.config/temporalio/temporal.toml}, profile {@code TEMPORAL_PROFILE}), then the environment
 * ({@code TEMPORAL_ADDRESS}, {@code TEMPORAL_NAMESPACE}, {@code TEMPORAL_API_KEY}, {@code
 * TEMPORAL_TLS_*}), then command-line flags. {@code TEMPORAL_TLS_CERT}, {@code TEMPORAL_TLS_KEY}
 * and {@code TEMPORAL_TLS_CA} are accepted as short names for the client certificate, its key and
 * the server CA paths. Without any of it: {@code 127.0.0.1:7233}, namespace {@code default}.
 */
public record TemporalConfig(String address, String namespace, ClientConfigProfile profile) {

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  private static final Map<String, String> SHORT_NAMES =
      Map.of(
          "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_CLIENT_CERT_PATH",
          "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CLIENT_KEY_PATH",
          "TEMPORAL_TLS_CA", "TEMPORAL_TLS_SERVER_CA_CERT_PATH");

  /** A plain connection: no TLS, no API key. */
  public TemporalConfig(String address, String namespace) {
    this(
        address,
        namespace,
        ClientConfigProfile.newBuilder().setAddress(address).setNamespace(namespace).build());
  }

  /**
   * @throws ConfigurationException when the profile file cannot be read or names no such profile
   */
  public static TemporalConfig resolve(
      String addressFlag, String namespaceFlag, Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    SHORT_NAMES.forEach(
        (shortName, standard) -> {
          if (env.containsKey(shortName) && !env.containsKey(standard)) {
            env.put(standard, env.get(shortName));
          }
        });
    ClientConfigProfile loaded;
    try {
      loaded =
          ClientConfigProfile.load(
              LoadClientConfigProfileOptions.newBuilder().setEnvOverrides(env).build());
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationException(
          "cannot load the Temporal client configuration: " + e.getMessage(), e);
    }
    String address = firstSet(addressFlag, loaded.getAddress(), DEFAULT_ADDRESS);
    String namespace = firstSet(namespaceFlag, loaded.getNamespace(), DEFAULT_NAMESPACE);
    return new TemporalConfig(
        address, namespace, loaded.toBuilder().setAddress(address).setNamespace(namespace).build());
  }

  public WorkflowServiceStubsOptions stubsOptions() {
    return profile.toWorkflowServiceStubsOptions();
  }

  /** One line for logs, secrets masked: the API key shows only its last four characters. */
  public String describe() {
    ClientConfigTLS tls = profile.getTls();
    boolean tlsOn = tls != null && (tls.isDisabled() == null || !tls.isDisabled());
    String apiKey = profile.getApiKey();
    return "address "
        + address
        + ", namespace "
        + namespace
        + ", TLS "
        + (tlsOn ? "on" + tlsDetails(tls) : "off")
        + ", API key "
        + (apiKey == null || apiKey.isEmpty() ? "none" : mask(apiKey));
  }

  private static String tlsDetails(ClientConfigTLS tls) {
    StringBuilder text = new StringBuilder();
    if (tls.getClientCertPath() != null) {
      text.append(" (client certificate ").append(tls.getClientCertPath()).append(')');
    }
    if (tls.getServerCACertPath() != null) {
      text.append(" (server CA ").append(tls.getServerCACertPath()).append(')');
    }
    return text.toString();
  }

  static String mask(String secret) {
    return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
  }

  private static String firstSet(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    throw new IllegalStateException("the last value is a default");
  }
}
