package dev.greenlight.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.status.AppliedFile;
import dev.greenlight.workflows.status.ApplyResult;
import dev.greenlight.workflows.status.BackupResult;
import dev.greenlight.workflows.status.ChangeVerification;
import dev.greenlight.workflows.status.DiffRow;
import dev.greenlight.workflows.status.FileState;
import dev.greenlight.workflows.status.StepResult;
import dev.greenlight.workflows.status.StepState;
import dev.greenlight.workflows.status.StepStatus;
import dev.greenlight.workflows.steps.StepRunners;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every step kind is wired in the one registry and in the payload types, so forgetting a piece of a
 * new kind fails here instead of in a running deployment.
 */
class StepKindsTest {

  private static final DataConverter TEMPORAL = DefaultDataConverter.newDefaultInstance();

  @Test
  void everyKindHasARunnerAndAPayloadName() {
    for (Class<?> kind : StepSpec.class.getPermittedSubclasses()) {
      assertThat(StepRunners.has(kind)).as("runner for " + kind.getSimpleName()).isTrue();
      assertThat(kind.getAnnotation(JsonTypeName.class)).as(kind.getSimpleName()).isNotNull();
    }
    assertThat(subtypes(StepSpec.class))
        .containsExactlyInAnyOrder(StepSpec.class.getPermittedSubclasses());
    assertThat(subtypes(StepResult.class))
        .containsExactlyInAnyOrder(StepResult.class.getPermittedSubclasses());
    for (Class<?> result : StepResult.class.getPermittedSubclasses()) {
      assertThat(result.getAnnotation(JsonTypeName.class)).as(result.getSimpleName()).isNotNull();
    }
    assertThat(StepSpec.keys())
        .containsExactly(
            "gate",
            "preflight",
            "baseline",
            "backup",
            "verify-backup",
            "notify",
            "apply",
            "verify-change",
            "restore",
            "rollback");
  }

  @Test
  void aChangeAndItsVerificationTravelAndComeBackTheSame() {
    Step apply =
        new Step(
            "apply",
            new ApplySpec(
                "changes",
                List.of(new ChangeFile("V1__a.sql", "1", "ab".repeat(32), 9, "select 1;")),
                Duration.ofSeconds(5),
                Duration.ofMinutes(30),
                "flyway_schema_history",
                null));
    Step verify =
        new Step(
            "verify-change",
            new VerifyChangeSpec(
                List.of(new VerifyChangeSpec.TableExpectation("s.t", "+1..+2")),
                "+3",
                null,
                "±1%",
                List.of(new VerifyChangeSpec.CheckSpec("select 0", "0")),
                Duration.ofMinutes(1)));
    for (Step step : List.of(apply, verify)) {
      var payload = TEMPORAL.toPayload(step).orElseThrow();
      assertThat(payload.getData().toStringUtf8()).contains("\"kind\":\"" + step.key() + "\"");
      assertThat(TEMPORAL.fromPayload(payload, Step.class, Step.class)).isEqualTo(step);
    }
    List<StepResult> results =
        List.of(
            new ApplyResult(
                "flyway_schema_history",
                List.of(
                    new AppliedFile("V1__a.sql", "1", "ab", FileState.APPLIED, 1200, 3, 1, null))),
            new ChangeVerification(
                false,
                List.of(
                    new DiffRow(
                        DiffRow.Kind.TABLE,
                        "s.t",
                        "1",
                        "2",
                        "+1",
                        "unchanged",
                        false,
                        false,
                        null)),
                List.of("s.t rows +1 (expected unchanged)"),
                Instant.EPOCH));
    for (StepResult result : results) {
      StepStatus status =
          new StepStatus(
              "x", "x", StepState.FAILED, Instant.EPOCH, Instant.EPOCH, "e", null, null, result);
      var payload = TEMPORAL.toPayload(status).orElseThrow();
      assertThat(TEMPORAL.fromPayload(payload, StepStatus.class, StepStatus.class))
          .isEqualTo(status);
    }
  }

  @Test
  void aStepTravelsWithItsKindAndComesBackTheSame() {
    Step step =
        new Step(
            "backup", new BackupSpec("pg_dump", "/b", "custom", 2, 1, List.of(), null, null, null));
    String json = TEMPORAL.toPayload(step).orElseThrow().getData().toStringUtf8();

    assertThat(json).contains("\"spec\":{\"kind\":\"backup\"");
    assertThat(TEMPORAL.fromPayload(TEMPORAL.toPayload(step).orElseThrow(), Step.class, Step.class))
        .isEqualTo(step);
  }

  @Test
  void aConcreteSpecAloneKeepsItsOldShape() {
    // activity requests carry a BackupSpec as such: no type id, as before specs were polymorphic
    BackupSpec spec =
        new BackupSpec("pg_dump", "/b", null, null, null, List.of(), null, null, null);
    String json = TEMPORAL.toPayload(spec).orElseThrow().getData().toStringUtf8();
    assertThat(json).doesNotContain("\"kind\"");
  }

  @Test
  void aStatusCarriesItsResultTypedAndReadsTheOldShapeToo() {
    BackupResult backup =
        new BackupResult(
            "b-1",
            "l",
            "pg_dump",
            "db",
            "/b/b-1",
            null,
            "custom",
            10,
            "abc",
            List.of(),
            "15",
            "15",
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null);
    StepStatus status =
        new StepStatus(
            "backup",
            "backup",
            StepState.SUCCEEDED,
            Instant.EPOCH,
            Instant.EPOCH,
            null,
            null,
            null,
            backup);
    var payload = TEMPORAL.toPayload(status).orElseThrow();
    assertThat(payload.getData().toStringUtf8()).contains("\"result\":{\"type\":\"backup\"");
    assertThat(TEMPORAL.fromPayload(payload, StepStatus.class, StepStatus.class)).isEqualTo(status);

    String legacy =
        "{\"name\":\"notify\",\"kind\":\"NOTIFY\",\"state\":\"SUCCEEDED\",\"error\":null,"
            + "\"gate\":null,\"preflight\":null,\"baseline\":null,"
            + "\"notification\":{\"channel\":\"log\",\"text\":\"hi\"},\"backup\":null,"
            + "\"verification\":null}";
    StepStatus old =
        TEMPORAL.fromPayload(
            io.temporal.api.common.v1.Payload.newBuilder()
                .putMetadata("encoding", com.google.protobuf.ByteString.copyFromUtf8("json/plain"))
                .setData(com.google.protobuf.ByteString.copyFromUtf8(legacy))
                .build(),
            StepStatus.class,
            StepStatus.class);
    assertThat(old.result().summary()).isEqualTo("sent to log: hi");
    assertThat(old.kind()).isEqualTo("notify");
    assertThat(new Step("n", new NotifySpec("hi")).key()).isEqualTo("notify");
  }

  private static List<Class<?>> subtypes(Class<?> base) {
    return Arrays.stream(base.getAnnotation(JsonSubTypes.class).value())
        .<Class<?>>map(JsonSubTypes.Type::value)
        .toList();
  }
}
