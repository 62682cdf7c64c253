package dev.greenlight.cli;

import dev.greenlight.worker.bench.OrchestrationBench;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "orchestration",
    description = {
      "Greenlight's orchestration beside a bare Temporal workflow on the same embedded test server,",
      "interleaved: sequential runs, concurrent throughput, approve → next activity, heap of parked runs."
    })
class OrchestrationBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--notify-steps",
      defaultValue = "5",
      description = "Notify steps of the sequential plan (default: ${DEFAULT-VALUE}).")
  int notifySteps;

  @Option(
      names = "--rounds",
      defaultValue = "20",
      description = "Sequential runs of each (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--concurrent",
      defaultValue = "20",
      description = "Runs started at once (default: ${DEFAULT-VALUE}).")
  int concurrent;

  @Option(
      names = "--concurrent-rounds",
      defaultValue = "5",
      description = "Rounds of concurrent runs of each (default: ${DEFAULT-VALUE}).")
  int concurrentRounds;

  @Option(
      names = "--approvals",
      defaultValue = "50",
      description = "Approvals timed of each, after 5 not counted (default: ${DEFAULT-VALUE}).")
  int approvals;

  @Option(
      names = "--parked",
      defaultValue = "1000",
      description = "Runs parked at a gate for the heap measurement (default: ${DEFAULT-VALUE}).")
  int parked;

  @Option(
      names = "--parked-rounds",
      defaultValue = "3",
      description = "Heap measurements of each, alternating (default: ${DEFAULT-VALUE}).")
  int parkedRounds;

  @Option(
      names = "--no-sticky",
      description = "Turn sticky execution off, as 'greenlight dev' runs its worker.")
  boolean noSticky;

  @Override
  public Integer call() throws Exception {
    OrchestrationBench.run(
        new OrchestrationBench.Settings(
            notifySteps,
            rounds,
            concurrent,
            concurrentRounds,
            approvals,
            parked,
            parkedRounds,
            !noSticky),
        spec.commandLine().getOut());
    return 0;
  }
}
