package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/greenlight} on the built jar, as a user runs it: short commands answer, and the
 * class-data archive it makes in the background is made and then used (picocli and the commands'
 * classes come from it). Runs after {@code package}.
 */
class LauncherIT {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path LAUNCHER = ROOT.resolve("bin/greenlight");
  private static final Path PLAN = ROOT.resolve("plans/menuca.yaml");

  @TempDir Path cache;

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void shortCommandsAnswerAndTheArchiveIsMadeAndUsed() throws Exception {
    assertThat(ROOT.resolve("starter/target/greenlight.jar")).isRegularFile();

    Result help = run(Map.of(), "--help");
    assertThat(help.code).as(help.output).isZero();
    assertThat(help.output).contains("status", "plan", "Exit codes:");

    Result check = run(Map.of(), "plan", "check", PLAN.toString());
    assertThat(check.code).as(check.output).isZero();
    assertThat(check.output).contains("menuca-v3-optimization to production", "steps");

    Path archive = awaitArchive();
    assertThat(Files.size(archive)).isPositive();

    Result archived =
        run(Map.of("GREENLIGHT_JAVA_OPTS", "-Xlog:class+load"), "plan", "check", PLAN.toString());
    assertThat(archived.code).as(archived.output).isZero();
    assertThat(archived.output)
        .contains("picocli.CommandLine source: shared objects file")
        .contains("dev.greenlight.plan.PlanReader source: shared objects file")
        .contains("menuca-v3-optimization to production");

    Result status = run(Map.of(), "status", "", "--temporal", "127.0.0.1:1");
    assertThat(status.code).as(status.output).isEqualTo(2);
  }

  /**
   * The archive the first command started making in the background; fails as soon as that has ended
   * (its lock is gone) without one.
   */
  private Path awaitArchive() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
    while (System.nanoTime() < deadline) {
      List<Path> files;
      try (var listing = Files.list(cache)) {
        files = listing.toList();
      }
      for (Path file : files) {
        if (file.toString().endsWith(".jsa")) {
          return file;
        }
      }
      if (files.stream().noneMatch(f -> f.toString().endsWith(".lock"))) {
        break;
      }
      Thread.sleep(500);
    }
    try (var files = Files.list(cache)) {
      throw new AssertionError("no class-data archive in " + cache + ": " + files.toList());
    }
  }

  private Result run(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(LAUNCHER.toString()), List.of(args).stream())
                    .toList())
            .redirectErrorStream(true);
    builder.environment().put("GREENLIGHT_CACHE", cache.toString());
    builder.environment().remove("GREENLIGHT_CDS");
    builder.environment().remove("GREENLIGHT_JAVA_OPTS");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int code, String output) {}
}
