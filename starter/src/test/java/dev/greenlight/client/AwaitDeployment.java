package dev.greenlight.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.workflows.status.DeploymentState;
import dev.greenlight.workflows.status.DeploymentStatus;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Waits, in tests, until a deployment reaches a state; fails after 30 s with the last status. A
 * status query no worker answers yet (one still starting) is asked again within those 30 s.
 */
public final class AwaitDeployment {

  private AwaitDeployment() {}

  public static DeploymentStatus state(Deployments deployments, String id, DeploymentState state)
      throws InterruptedException {
    return until(deployments, id, status -> status.state() == state, "reached " + state);
  }

  public static DeploymentStatus ended(Deployments deployments, String id)
      throws InterruptedException {
    return until(deployments, id, status -> status.state().isFinal(), "ended");
  }

  private static DeploymentStatus until(
      Deployments deployments, String id, Predicate<DeploymentStatus> condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    DeploymentStatus status = status(deployments, id, deadline);
    while (!condition.test(status)) {
      assertThat(System.nanoTime()).as(what + "; last status " + status).isLessThan(deadline);
      Thread.sleep(20);
      status = status(deployments, id, deadline);
    }
    return status;
  }

  /** The status; a worker still starting (no answer within 10 s) is asked again until deadline. */
  private static DeploymentStatus status(Deployments deployments, String id, long deadline) {
    while (true) {
      try {
        return deployments.status(id);
      } catch (GreenlightException e) {
        if (e.exitCode() != ExitCode.UNREACHABLE || System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }
}
