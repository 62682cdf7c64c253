package dev.greenlight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.proof.PlanDigest;
import dev.greenlight.workflows.proof.Proof;
import dev.greenlight.workflows.proof.Signers;
import dev.greenlight.workflows.proof.SshKeys;
import dev.greenlight.workflows.proof.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a report offline: every record links to the one before by hash and carries the hash of its
 * content, and every signature (start, decisions, abort) holds for exactly what the record says,
 * under the keys of the plan in the start record. Names the first record that fails.
 */
public final class ReportVerifier {

  private ReportVerifier() {}

  /** What the check found: the problems (empty: it holds) and what holds. */
  public record Result(List<String> problems, List<String> signed, int unsigned, int records) {
    public boolean holds() {
      return problems.isEmpty();
    }
  }

  public static Result verify(ExecutionReport report) {
    List<String> problems = new ArrayList<>();
    List<String> signed = new ArrayList<>();
    int unsigned = 0;
    String prev = ExecutionReport.GENESIS;
    var records = report.records();
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      String name =
          "record "
              + (i + 1)
              + " ("
              + record.path("kind").asText()
              + ": "
              + record.path("title").asText()
              + ")";
      if (record.path("seq").asInt() != i + 1) {
        problems.add(
            name + " is out of place: it says it is record " + record.path("seq").asText());
      }
      if (!prev.equals(record.path("prev").asText())) {
        problems.add(
            name
                + " does not link to the record before it: a record was removed, added or reordered");
      }
      if (!ExecutionReport.hash(record).equals(record.path("hash").asText())) {
        problems.add(name + " was altered: its content does not match its hash");
      }
      prev = record.path("hash").asText();
    }
    String head = report.head();
    if (head != null && !head.equals(prev)) {
      problems.add("the report's head " + head + " is not its last record's hash " + prev);
    }
    JsonNode start = report.first("start");
    if (start == null) {
      problems.add("the report has no start record");
      return new Result(problems, signed, unsigned, records.size());
    }
    Plan plan;
    try {
      plan = ExecutionReport.JSON.treeToValue(start.path("data").path("plan"), Plan.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      problems.add("record 1 (start) does not hold a readable plan: " + e.getMessage());
      return new Result(problems, signed, unsigned, records.size());
    }
    JsonNode startData = start.path("data");
    String digest = text(startData, "planDigest");
    if (digest != null && startData.hasNonNull("proof") && !PlanDigest.of(plan).equals(digest)) {
      problems.add("record 1 (start): the plan is not the plan whose digest was signed");
    }
    for (JsonNode record : records) {
      String kind = record.path("kind").asText();
      JsonNode data = record.path("data");
      String name =
          "record "
              + record.path("seq").asText()
              + " ("
              + kind
              + ": "
              + record.path("title").asText()
              + ")";
      Signers.Expected expected;
      String person;
      boolean slack = false;
      String userId = null;
      switch (kind) {
        case "start" -> {
          expected =
              new Signers.Expected(report.deployment(), null, Statement.START, null, digest, null);
          person = text(data, "startedBy");
        }
        case "decision" -> {
          slack = "slack".equals(text(data, "via"));
          userId = text(data, "userId");
          person = text(data, "by");
          expected =
              new Signers.Expected(
                  report.deployment(),
                  report.runId(),
                  text(data, "action"),
                  text(data, "gate"),
                  text(data, "evidence"),
                  text(data, "text"));
        }
        case "abort" -> {
          person = text(data, "by");
          expected =
              new Signers.Expected(
                  report.deployment(),
                  report.runId(),
                  Statement.ABORT,
                  null,
                  null,
                  text(data, "reason"));
        }
        default -> {
          continue;
        }
      }
      Proof proof = null;
      if (data.hasNonNull("proof")) {
        proof =
            new Proof(text(data.path("proof"), "statement"), text(data.path("proof"), "signature"));
      }
      try {
        Signers.Verified verified = Signers.check(plan, expected, person, slack, userId, proof);
        if (verified == null) {
          unsigned++;
        } else {
          signed.add(
              (slack ? "the Slack gateway for " + person : person)
                  + " ("
                  + kind
                  + ") "
                  + verified.fingerprint());
        }
      } catch (SshKeys.Refused e) {
        problems.add(name + ": the signature does not hold: " + e.getMessage());
      }
    }
    return new Result(problems, signed, unsigned, records.size());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
