package dev.greenlight.cli;

import dev.greenlight.client.Deployments;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.workflows.plan.Plan;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the short commands once, so that a JVM started with {@code -XX:ArchiveClassesAtExit} writes
 * a class-data archive of what they load: {@code status} of a deployment parked at a gate and of an
 * unknown id, {@code plan check}, {@code --help}, against an embedded dev server. {@code
 * bin/greenlight} makes the archive once (per jar and Java) and starts later commands with it.
 */
public final class StartupTraining {

  private StartupTraining() {}

  public static void main(String[] args) throws Exception {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                Thread.sleep(120_000);
              } catch (InterruptedException e) {
                return;
              }
              Runtime.getRuntime().halt(3);
            },
            "training-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    PrintWriter nowhere = new PrintWriter(OutputStream.nullOutputStream(), true);
    Path plan = Files.createTempFile("greenlight-training-", ".yaml");
    try (DevCommand.Embedded embedded = DevCommand.Embedded.start("127.0.0.1", 0, null, null)) {
      Files.writeString(plan, DemoCommand.resource(DemoCommand.PLAN));
      Plan parsed = new PlanReader().read(plan);
      Deployments deployments = embedded.deployments();
      String id = deployments.start(parsed, plan.toString(), "brian", "training-1");
      String temporal = "--temporal=" + embedded.address();
      Main.run(new String[] {"--help"}, nowhere, nowhere);
      Main.run(new String[] {"plan", "check", plan.toString()}, nowhere, nowhere);
      Main.run(new String[] {"status", id, temporal}, nowhere, nowhere);
      Main.run(new String[] {"status", id, "--json", temporal}, nowhere, nowhere);
      Main.run(new String[] {"status", "no-such-deployment", temporal}, nowhere, nowhere);
      Main.run(new String[] {"list", temporal}, nowhere, nowhere);
    } finally {
      Files.deleteIfExists(plan);
    }
    System.exit(0);
  }
}
