package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.plan.PlanReader;
import dev.greenlight.workflows.DeploymentSearchAttributes;
import dev.greenlight.workflows.plan.ApplySpec;
import io.temporal.api.enums.v1.IndexedValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The compose stack cannot run here (no Docker engine), so this keeps what it relies on true:
 * pinned images, no deprecated auto-setup, the start-up order, ports, health checks, the search
 * attributes the workflow upserts, and a pg_dump at least as new as the sample database.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..");
  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void read() throws Exception {
    Map<String, Object> compose =
        new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void everyImageIsPinnedAndAutoSetupIsNotUsed() throws Exception {
    services.forEach(
        (name, service) -> {
          Object image = service.get("image");
          if (image != null) {
            assertThat(image.toString()).as(name).matches("[a-z0-9./-]+:[0-9][0-9A-Za-z._-]*");
          }
        });
    assertThat(services.values())
        .noneMatch(service -> String.valueOf(service.get("image")).contains("auto-setup"));
    assertThat(image("temporal")).startsWith("temporalio/server:");
    assertThat(image("temporal-schema")).startsWith("temporalio/admin-tools:");
    assertThat(image("temporal-setup")).startsWith("temporalio/admin-tools:");
    assertThat(image("temporal-ui")).startsWith("temporalio/ui:");
    assertThat(version(image("temporal"))).isEqualTo(version(image("temporal-schema")));
  }

  @Test
  void servicesComeUpInOrder() {
    assertThat(dependsOn("temporal-schema")).containsEntry("temporal-db", "service_healthy");
    assertThat(dependsOn("temporal"))
        .containsEntry("temporal-schema", "service_completed_successfully");
    assertThat(dependsOn("temporal-setup")).containsEntry("temporal", "service_healthy");
    assertThat(dependsOn("temporal-ui")).containsEntry("temporal", "service_healthy");
    assertThat(dependsOn("greenlight-worker"))
        .containsEntry("temporal-setup", "service_completed_successfully")
        .containsEntry("app-db", "service_healthy");
    assertThat(dependsOn("greenlight-slack")).containsEntry("greenlight-worker", "service_healthy");
    for (String name : List.of("temporal-db", "temporal", "app-db", "greenlight-worker")) {
      assertThat(services.get(name)).as(name + " has a health check").containsKey("healthcheck");
    }
  }

  @Test
  void portsAndTheWorkersBuildAndConfiguration() {
    assertThat(ports("temporal-ui")).contains("8080:8080");
    assertThat(ports("temporal")).contains("7233:7233");
    Map<String, Object> worker = services.get("greenlight-worker");
    assertThat(worker.get("build")).isEqualTo(".");
    assertThat(worker.get("command").toString()).contains("worker");
    @SuppressWarnings("unchecked")
    Map<String, Object> environment = (Map<String, Object>) worker.get("environment");
    assertThat(environment)
        .containsEntry("TEMPORAL_ADDRESS", "temporal:7233")
        .containsEntry("GREENLIGHT_HOST", "worker-1")
        .containsKey("MENUCA_DB_PASSWORD");
    assertThat(environment.get("MENUCA_DB_PASSWORD").toString()).startsWith("${APP_DB_PASSWORD");
    assertThat(services.get("greenlight-slack").get("command").toString()).contains("slack");
    @SuppressWarnings("unchecked")
    Map<String, Object> slackEnvironment =
        (Map<String, Object>) services.get("greenlight-slack").get("environment");
    assertThat(slackEnvironment)
        .containsKeys(
            "SLACK_TEAM_ID", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET");
  }

  @Test
  void theSetupRegistersExactlyTheSearchAttributesTheWorkflowUpserts() throws Exception {
    String script = Files.readString(ROOT.resolve("deploy/temporal/setup-namespace.sh"));
    Matcher register = Pattern.compile("(?m)^register (\\w+) (\\w+)$").matcher(script);
    Map<String, String> registered = new java.util.LinkedHashMap<>();
    while (register.find()) {
      registered.put(register.group(1), register.group(2));
    }
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    DeploymentSearchAttributes.ALL.forEach(
        key ->
            expected.put(
                key.getName(),
                key.getValueType() == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST
                    ? "KeywordList"
                    : "Keyword"));
    assertThat(registered).isEqualTo(expected);
  }

  @Test
  void theImageRunsAsNonRootWithAPgDumpAsNewAsTheDatabase() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    Matcher major = Pattern.compile("ARG PG_MAJOR=(\\d+)").matcher(dockerfile);
    assertThat(major.find()).isTrue();
    assertThat(dockerfile).contains("postgresql-client-${PG_MAJOR}", "openssh-client");
    int databaseMajor = Integer.parseInt(version(image("app-db")).split("\\.")[0]);
    assertThat(Integer.parseInt(major.group(1))).isGreaterThanOrEqualTo(databaseMajor);
    List<String> users =
        Pattern.compile("(?m)^USER (\\S+)$")
            .matcher(dockerfile)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1)).isNotIn("root", "0");
  }

  @Test
  void theComposePlanIsAValidPlan() throws Exception {
    var plan = new PlanReader().read(ROOT.resolve("plans/menuca-compose.yaml"));
    assertThat(plan.database().url()).isEqualTo("jdbc:postgresql://app-db:5432/greenlight_demo");
    assertThat(plan.database().passwordEnv()).isEqualTo("MENUCA_DB_PASSWORD");
    // the change travels with the plan: its files are read beside it, in the mounted directory
    assertThat(plan.steps())
        .anySatisfy(step -> assertThat(step.spec()).isInstanceOf(ApplySpec.class));
    @SuppressWarnings("unchecked")
    List<String> mounts = (List<String>) services.get("greenlight").get("volumes");
    assertThat(mounts).contains("./plans:/plans:ro");
  }

  private static String image(String service) {
    return services.get(service).get("image").toString();
  }

  private static String version(String image) {
    return image.substring(image.indexOf(':') + 1);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> dependsOn(String service) {
    Map<String, Map<String, String>> dependencies =
        (Map<String, Map<String, String>>) services.get(service).get("depends_on");
    Map<String, String> conditions = new java.util.LinkedHashMap<>();
    dependencies.forEach((name, settings) -> conditions.put(name, settings.get("condition")));
    return conditions;
  }

  @SuppressWarnings("unchecked")
  private static List<String> ports(String service) {
    return (List<String>) services.get(service).get("ports");
  }
}
