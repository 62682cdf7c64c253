package dev.greenlight.workflows.steps;

import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.RestoreSpec;
import dev.greenlight.workflows.plan.RollbackSpec;
import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import java.util.Map;

/**
 * The one registry of step kinds: each spec type and the runner that carries it out. A test checks
 * that every kind {@link StepSpec} permits has a runner here (Java 17 has no exhaustive switch over
 * sealed types; Java 21 would let the compiler check it).
 */
public final class StepRunners {

  private static final Map<Class<? extends StepSpec>, StepRunner<?>> RUNNERS =
      Map.of(
          GateSpec.class, new GateRunner(),
          PreflightSpec.class, new PreflightRunner(),
          BaselineSpec.class, new BaselineRunner(),
          BackupSpec.class, new BackupRunner(),
          VerifyBackupSpec.class, new VerifyBackupRunner(),
          NotifySpec.class, new NotifyRunner(),
          ApplySpec.class, new ApplyRunner(),
          VerifyChangeSpec.class, new VerifyChangeRunner(),
          RestoreSpec.class, new RestoreRunner(),
          RollbackSpec.class, new RollbackRunner());

  private StepRunners() {}

  /** The runner of {@code spec}'s kind. */
  @SuppressWarnings("unchecked")
  public static <S extends StepSpec> StepRunner<S> of(S spec) {
    StepRunner<S> runner = (StepRunner<S>) RUNNERS.get(spec.getClass());
    if (runner == null) {
      throw new IllegalStateException("no runner for step kind " + spec.key());
    }
    return runner;
  }

  /** Whether a runner is registered for the kind {@code type}. */
  public static boolean has(Class<?> type) {
    return RUNNERS.containsKey(type);
  }
}
