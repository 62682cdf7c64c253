package dev.greenlight.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temporal connection settings: profile file, then environment, then flags; secrets masked. */
class TemporalConfigTest {

  @TempDir Path directory;

  @Test
  void defaultsWithNothingSet() {
    TemporalConfig config =
        TemporalConfig.resolve(
            null, null, Map.of("TEMPORAL_CONFIG_FILE", directory.resolve("none.toml").toString()));

    assertThat(config.address()).isEqualTo("127.0.0.1:7233");
    assertThat(config.namespace()).isEqualTo("default");
    assertThat(config.describe())
        .isEqualTo("address 127.0.0.1:7233, namespace default, TLS off, API key none");
  }

  @Test
  void profileFileThenEnvironmentThenFlags() throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("temporal.toml"),
            """
        [profile.prod]
        address = "prod.tmprl.cloud:7233"
        namespace = "deploys.acct"
        api_key = "key-from-file-0001"
        """);
    Map<String, String> env =
        Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "prod");

    TemporalConfig fromFile = TemporalConfig.resolve(null, null, env);
    assertThat(fromFile.address()).isEqualTo("prod.tmprl.cloud:7233");
    assertThat(fromFile.namespace()).isEqualTo("deploys.acct");
    assertThat(fromFile.describe()).contains("API key ****0001").doesNotContain("key-from-file");
    assertThat(fromFile.stubsOptions().getTarget()).isEqualTo("prod.tmprl.cloud:7233");

    TemporalConfig fromEnv =
        TemporalConfig.resolve(
            null,
            null,
            Map.of(
                "TEMPORAL_CONFIG_FILE",
                file.toString(),
                "TEMPORAL_PROFILE",
                "prod",
                "TEMPORAL_NAMESPACE",
                "other"));
    assertThat(fromEnv.namespace()).isEqualTo("other");

    TemporalConfig fromFlags = TemporalConfig.resolve("127.0.0.1:9999", "dev", env);
    assertThat(fromFlags.address()).isEqualTo("127.0.0.1:9999");
    assertThat(fromFlags.namespace()).isEqualTo("dev");
  }

  @Test
  void shortTlsNamesAndAMaskedApiKey() {
    TemporalConfig config =
        TemporalConfig.resolve(
            null,
            null,
            Map.of(
                "TEMPORAL_CONFIG_FILE", directory.resolve("none.toml").toString(),
                "TEMPORAL_TLS_CERT", "/etc/greenlight/client.pem",
                "TEMPORAL_TLS_KEY", "/etc/greenlight/client.key",
                "TEMPORAL_TLS_CA", "/etc/greenlight/ca.pem",
                "TEMPORAL_API_KEY", "secret-api-key-abcd"));

    assertThat(config.profile().getTls().getClientCertPath())
        .isEqualTo("/etc/greenlight/client.pem");
    assertThat(config.profile().getTls().getClientKeyPath())
        .isEqualTo("/etc/greenlight/client.key");
    assertThat(config.profile().getTls().getServerCACertPath()).isEqualTo("/etc/greenlight/ca.pem");
    assertThat(config.describe())
        .contains(
            "TLS on (client certificate /etc/greenlight/client.pem) (server CA /etc/greenlight/ca.pem)")
        .contains("API key ****abcd")
        .doesNotContain("secret-api-key");
  }

  @Test
  void anUnknownProfileIsAClearError() throws Exception {
    Path file =
        Files.writeString(
            directory.resolve("temporal.toml"), "[profile.prod]\naddress = \"x:1\"\n");

    assertThatThrownBy(
            () ->
                TemporalConfig.resolve(
                    null,
                    null,
                    Map.of("TEMPORAL_CONFIG_FILE", file.toString(), "TEMPORAL_PROFILE", "staging")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "cannot load the Temporal client configuration: Unable to find profile staging in config data");
  }
}
