package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Step;
import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.internal.common.WorkflowExecutionHistory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inputs recorded in every history (deployments started by earlier releases, some of them still
 * parked at a gate somewhere) read into today's types with Temporal's own data converter: the flat
 * steps of before become the same specs a plan file gives today.
 */
class RecordedInputsTest {

  static List<String> histories() {
    return ReplayTest.HISTORIES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("histories")
  void recordedStartDeploymentReadsIntoTodaysTypes(String history) throws Exception {
    Payload payload = inputOf(history);
    StartDeployment start = startOf(history);
    String raw = payload.getData().toStringUtf8();

    assertThat(start.plan().release()).isIn("menuca-v3", "restore-b-1");
    assertThat(start.startedBy()).isNotBlank();
    for (Step step : start.plan().steps()) {
      assertThat(step.spec()).as(step.name()).isNotNull();
      if (raw.contains("\"kind\":\"GATE\"")) {
        // the legacy shape: the step's kind says which field held its spec
        assertThat(raw).contains("\"kind\":\"" + step.key().toUpperCase().replace('-', '_') + "\"");
      }
    }
    // every recorded plan has a gate, in its steps or as its rollback (null before v6)
    List<String> approvers =
        start.plan().steps().stream()
            .filter(step -> step.spec() instanceof GateSpec)
            .findFirst()
            .map(gate -> ((GateSpec) gate.spec()).approvers())
            .orElseGet(() -> start.plan().rollback().approvers());
    assertThat(approvers).isNotEmpty();
    if (!history.contains("rollback")) {
      assertThat(start.plan().rollback()).isNull();
    }
    assertThat(start.plan().steps())
        .filteredOn(step -> step.spec() instanceof NotifySpec)
        .allSatisfy(step -> assertThat(((NotifySpec) step.spec()).text()).isNotBlank());
  }

  /** The input a recorded history's deployment was started with. */
  static Payload inputOf(String history) throws Exception {
    try (InputStream in = RecordedInputsTest.class.getClassLoader().getResourceAsStream(history)) {
      return WorkflowExecutionHistory.fromJson(
              new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .getEvents()
          .get(0)
          .getWorkflowExecutionStartedEventAttributes()
          .getInput()
          .getPayloads(0);
    }
  }

  /** That input read into today's types by Temporal's own data converter. */
  static StartDeployment startOf(String history) throws Exception {
    DataConverter converter = DefaultDataConverter.newDefaultInstance();
    return converter.fromPayload(inputOf(history), StartDeployment.class, StartDeployment.class);
  }
}
