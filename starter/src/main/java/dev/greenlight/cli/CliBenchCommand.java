package dev.greenlight.cli;

import dev.greenlight.client.Deployments;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.plan.PlanReader;
import dev.greenlight.worker.bench.Samples;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "cli",
    description = {
      "Wall time of short commands (status of a deployment and of an unknown id against an embedded",
      "dev server, plan check, --help) as separate processes, with each set of JVM options, interleaved."
    })
class CliBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--runs",
      defaultValue = "10",
      description = "Runs of each command with each set of options (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(
      names = "--jar",
      description = "The shaded jar (default: the one this command runs from).")
  Path jar;

  @Option(
      names = "--script",
      description =
          "Also time this launcher script (default: bin/greenlight next to the jar's module, if present).")
  Path script;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path jarFile = jar != null ? jar : ownJar();
    Path work = Files.createTempDirectory("greenlight-bench-cli-");
    try (DevCommand.Embedded embedded = DevCommand.Embedded.start("127.0.0.1", 0, null, null)) {
      Path plan = DemoCommand.writePlan(work);
      Deployments deployments = embedded.deployments();
      String id =
          deployments.start(new PlanReader().read(plan), plan.toString(), "brian", "bench-cli-1");

      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> quick = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
      // The two kinds of class-data archive, trained on the same run of the short commands.
      Path dynamic = work.resolve("dynamic.jsa");
      Path classes = work.resolve("classes.lst");
      Path staticArchive = work.resolve("static.jsa");
      long trainStart = System.nanoTime();
      int trained =
          run(
              List.of(
                  java,
                  "-XX:ArchiveClassesAtExit=" + dynamic,
                  "-XX:DumpLoadedClassList=" + classes,
                  "-cp",
                  jarFile.toString(),
                  StartupTraining.class.getName()),
              Map.of());
      int dumped =
          trained != 0
              ? trained
              : run(
                  List.of(
                      java,
                      "-Xshare:dump",
                      "-XX:SharedClassListFile=" + classes,
                      "-XX:SharedArchiveFile=" + staticArchive,
                      "-cp",
                      jarFile.toString()),
                  Map.of());
      out.printf(
          Locale.ROOT,
          "class-data archives: training and dump %.1f s, exit %d/%d; dynamic %.0f MiB, static"
              + " %.0f MiB%n",
          (System.nanoTime() - trainStart) / 1e9,
          trained,
          dumped,
          size(dynamic),
          size(staticArchive));

      Map<String, List<String>> variants = new LinkedHashMap<>();
      variants.put("java -jar", List.of());
      variants.put("C1 + SerialGC", quick);
      if (Files.exists(dynamic)) {
        variants.put(
            "dynamic AppCDS + C1 + SerialGC", with(quick, "-XX:SharedArchiveFile=" + dynamic));
      }
      if (Files.exists(staticArchive)) {
        variants.put(
            "static AppCDS + C1 + SerialGC", with(quick, "-XX:SharedArchiveFile=" + staticArchive));
      }
      Path launcher = script != null ? script : defaultScript(jarFile);
      Map<String, List<String>> commands = new LinkedHashMap<>();
      commands.put("status ID", List.of("status", id));
      commands.put("status unknown-id", List.of("status", "no-such-deployment"));
      commands.put("plan check", List.of("plan", "check", plan.toString()));
      commands.put("--help", List.of("--help"));
      Path cache = work.resolve("cache");
      Map<String, String> environment =
          Map.of("TEMPORAL_ADDRESS", embedded.address(), "GREENLIGHT_CACHE", cache.toString());

      List<String> columns = new ArrayList<>(variants.keySet());
      if (launcher != null) {
        columns.add("bin/greenlight");
        // Its first run makes its own archive in the background; not timed.
        run(List.of(launcher.toString(), "--help"), environment);
        out.println(
            awaitArchive(cache)
                ? "bin/greenlight made its archive"
                : "bin/greenlight made no archive: its column runs without one");
      }
      Map<String, Samples> samples = new LinkedHashMap<>();
      // The floor: the same JVM starting and stopping with nothing to run, between the commands.
      List<String> floorLine = new ArrayList<>(List.of(java));
      floorLine.addAll(quick);
      floorLine.add("-version");
      Samples floor = new Samples();
      for (int round = 0; round < runs; round++) {
        long floorStart = System.nanoTime();
        run(floorLine, Map.of());
        floor.add((System.nanoTime() - floorStart) / 1e9);
        for (Map.Entry<String, List<String>> command : commands.entrySet()) {
          for (int turn = 0; turn < columns.size(); turn++) {
            String column = columns.get((round + turn) % columns.size());
            List<String> line = new ArrayList<>();
            if (column.equals("bin/greenlight")) {
              line.add(launcher.toString());
            } else {
              line.add(java);
              line.addAll(variants.get(column));
              line.addAll(List.of("-jar", jarFile.toString()));
            }
            line.addAll(command.getValue());
            long start = System.nanoTime();
            run(line, environment);
            samples
                .computeIfAbsent(command.getKey() + "|" + column, k -> new Samples())
                .add((System.nanoTime() - start) / 1e9);
          }
        }
      }
      out.printf(
          Locale.ROOT,
          "%n%d runs of each, interleaved; medians in seconds (range); load average %.2f%n%n",
          runs,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      String last = columns.get(columns.size() - 1);
      out.println("| command | " + String.join(" | ", columns) + " | " + last + " ÷ floor |");
      out.println("|---|" + "---|".repeat(columns.size() + 1));
      for (String command : commands.keySet()) {
        StringBuilder row = new StringBuilder("| " + command + " |");
        for (String column : columns) {
          row.append(' ')
              .append(samples.get(command + "|" + column).describe("%.2f", "s"))
              .append(" |");
        }
        row.append(
            String.format(
                Locale.ROOT,
                " %.1f× |",
                samples.get(command + "|" + last).median() / floor.median()));
        out.println(row);
      }
      out.printf(
          Locale.ROOT,
          "%nfloor: '%s' (a JVM that starts and stops, nothing loaded from a jar): %s%n",
          "java " + String.join(" ", floorLine.subList(1, floorLine.size())),
          floor.describe("%.2f", "s"));
      out.flush();
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    return 0;
  }

  /** Waits for the archive bin/greenlight makes in the background: true once it is there. */
  private static boolean awaitArchive(Path cache) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      List<Path> files;
      try (var listing = Files.list(cache)) {
        files = listing.toList();
      } catch (java.nio.file.NoSuchFileException e) {
        files = List.of();
      }
      if (files.stream().anyMatch(f -> f.toString().endsWith(".jsa"))) {
        return true;
      }
      if (files.stream().noneMatch(f -> f.toString().endsWith(".lock"))) {
        return false;
      }
      Thread.sleep(500);
    }
    return false;
  }

  private static List<String> with(List<String> options, String option) {
    List<String> all = new ArrayList<>(options);
    all.add(0, option);
    return all;
  }

  private static double size(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) / 1048576.0 : 0.0;
  }

  private static int run(List<String> command, Map<String, String> environment)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new GreenlightException(ExitCode.INTERNAL, "timed out: " + String.join(" ", command));
    }
    return process.exitValue();
  }

  private static Path ownJar() {
    try {
      Path location =
          Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(location)) {
        return location;
      }
    } catch (Exception e) {
      // fall through
    }
    throw new GreenlightException(
        ExitCode.USAGE, "not running from the shaded jar: name it with --jar");
  }

  /** {@code bin/greenlight} of the checkout the jar was built in ({@code starter/target/..}). */
  private static Path defaultScript(Path jarFile) {
    Path root = jarFile.toAbsolutePath().getParent();
    for (int up = 0; up < 2 && root != null; up++) {
      root = root.getParent();
    }
    if (root == null) {
      return null;
    }
    Path launcher = root.resolve("bin/greenlight");
    return Files.isExecutable(launcher) ? launcher : null;
  }
}
