package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.report.ExecutionReport;
import dev.greenlight.report.ReportDocument;
import dev.greenlight.report.ReportVerifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "report",
    description = {
      "Write a deployment's execution log from its record: who started it, every gate and decision",
      "(who, when, through which surface, comment, signature, evidence), baseline, backup, steps,",
      "war room and timeline. --verify re-checks every signature and the hash chain, of a deployment",
      "or, offline, of an exported JSON report, and names the record that fails."
    })
class ReportCommand implements Callable<Integer> {

  enum Format {
    md,
    html,
    json
  }

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;

  @Parameters(
      paramLabel = "ID|FILE",
      description = "The deployment id; with --verify also a report exported with --format json.")
  String target;

  @Option(
      names = "--format",
      defaultValue = "md",
      description = "md, html (one self-contained file) or json (for --verify). Default: md.")
  Format format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = "--verify", description = "Check the signatures and the hash chain.")
  boolean verify;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    ExecutionReport report;
    Path file = Path.of(target);
    if (verify && Files.isRegularFile(file)) {
      try {
        report = ExecutionReport.parse(Files.readString(file));
      } catch (IllegalArgumentException e) {
        throw new GreenlightException(ExitCode.USAGE, file + ": " + e.getMessage());
      }
    } else {
      try (TemporalOptions.Connection connection = temporal.connect()) {
        report = connection.deployments().report(target);
      }
    }
    if (verify) {
      ReportVerifier.Result result = ReportVerifier.verify(report);
      if (!result.holds()) {
        throw new GreenlightException(
            ExitCode.VERIFICATION_FAILED, String.join("; ", result.problems()));
      }
      out.println(
          "ok: "
              + result.records()
              + " records linked by hash, head "
              + report.head()
              + "; "
              + result.signed().size()
              + " signatures hold, "
              + result.unsigned()
              + " decisions unsigned");
      result.signed().forEach(line -> out.println("  signed: " + line));
      return 0;
    }
    String text =
        switch (format) {
          case json -> report.toJson();
          case html -> ReportDocument.of(report).html();
          case md -> ReportDocument.of(report).markdown();
        };
    if (output == null) {
      out.print(text);
      out.flush();
    } else {
      Files.writeString(output, text);
      out.println("wrote " + output + " (" + format + ", head " + report.head() + ")");
    }
    return 0;
  }
}
