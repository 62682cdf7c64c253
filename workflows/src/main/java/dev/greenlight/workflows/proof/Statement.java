package dev.greenlight.workflows.proof;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a person signs when they decide: which deployment and run, what they do (start, approve,
 * reject, abort, rollback), at which gate, as whom, on which evidence, with which words (by their
 * SHA-256), when, and a nonce. The canonical text is one {@code key: value} per line in a fixed
 * order; the worker rebuilds it from what it knows and checks the signature over that, so a
 * signature made for another deployment, run, gate or evidence does not hold here.
 */
public record Statement(
    String deployment,
    String run,
    String action,
    String gate,
    String by,
    String evidence,
    String textSha256,
    Instant at,
    String nonce) {

  public static final String START = "start";
  public static final String APPROVE = "approve";
  public static final String REJECT = "reject";
  public static final String ABORT = "abort";
  public static final String ROLLBACK = "rollback";

  /** Where a value is unknown or does not apply (the run of a start, the gate of an abort). */
  public static final String NONE = "-";

  private static final String HEADER = "greenlight decision v1";
  private static final List<String> KEYS =
      List.of(
          "deployment", "run", "action", "gate", "by", "evidence", "text-sha256", "at", "nonce");

  public Statement {
    deployment = orNone(deployment);
    run = orNone(run);
    gate = orNone(gate);
    evidence = orNone(evidence);
    for (String value : List.of(deployment, run, action, gate, by, evidence, nonce)) {
      if (value.contains("\n") || value.contains("\r")) {
        throw new SshKeys.Refused("a statement's values are one line each");
      }
    }
  }

  /** A statement about {@code text} (a comment or a reason; null is the empty text). */
  public static Statement of(
      String deployment,
      String run,
      String action,
      String gate,
      String by,
      String evidence,
      String text,
      Instant at,
      String nonce) {
    return new Statement(deployment, run, action, gate, by, evidence, sha256(text), at, nonce);
  }

  /** The text that is signed. */
  public String canonical() {
    return HEADER
        + "\n"
        + String.join(
            "\n",
            List.of(
                "deployment: " + deployment,
                "run: " + run,
                "action: " + action,
                "gate: " + gate,
                "by: " + by,
                "evidence: " + evidence,
                "text-sha256: " + textSha256,
                "at: " + at,
                "nonce: " + nonce))
        + "\n";
  }

  public byte[] bytes() {
    return canonical().getBytes(StandardCharsets.UTF_8);
  }

  /** Reads a canonical statement; refuses anything else. */
  public static Statement parse(String text) {
    if (text == null || !text.startsWith(HEADER + "\n")) {
      throw new SshKeys.Refused("not a Greenlight statement");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text.substring(HEADER.length() + 1).split("\n")) {
      int colon = line.indexOf(": ");
      if (colon < 0) {
        throw new SshKeys.Refused("not a Greenlight statement: " + line);
      }
      values.put(line.substring(0, colon), line.substring(colon + 2));
    }
    if (!List.copyOf(values.keySet()).equals(KEYS)) {
      throw new SshKeys.Refused("a Greenlight statement has " + String.join(", ", KEYS));
    }
    Instant at;
    try {
      at = Instant.parse(values.get("at"));
    } catch (DateTimeParseException e) {
      throw new SshKeys.Refused("the statement's time is not an ISO-8601 instant");
    }
    Statement statement =
        new Statement(
            values.get("deployment"),
            values.get("run"),
            values.get("action"),
            values.get("gate"),
            values.get("by"),
            values.get("evidence"),
            values.get("text-sha256"),
            at,
            values.get("nonce"));
    if (!statement.canonical().equals(text)) {
      throw new SshKeys.Refused("the statement is not in canonical form");
    }
    return statement;
  }

  /**
   * Why {@code claimed} is not this statement (the first field that differs), or null when they are
   * the same.
   */
  public String differenceFrom(Statement claimed) {
    if (!deployment.equals(claimed.deployment)) {
      return "it was signed for deployment " + claimed.deployment + ", not " + deployment;
    }
    if (!run.equals(claimed.run)) {
      return "it was signed for run " + claimed.run + " of " + deployment + ", not " + run;
    }
    if (!action.equals(claimed.action)) {
      return "it was signed to " + claimed.action + ", not to " + action;
    }
    if (!gate.equals(claimed.gate)) {
      return "it was signed for gate " + claimed.gate + ", not " + gate;
    }
    if (!by.equals(claimed.by)) {
      return "it was signed as " + claimed.by + ", not " + by;
    }
    if (!evidence.equals(claimed.evidence)) {
      return "it was signed over evidence " + claimed.evidence + ", not " + evidence;
    }
    if (!textSha256.equals(claimed.textSha256)) {
      return "it was signed over other words than these";
    }
    return canonical().equals(claimed.canonical()) ? null : "it differs from this decision";
  }

  public static String sha256(String text) {
    return HexFormat.of()
        .formatHex(
            SshKeys.sha("SHA-256", (text == null ? "" : text).getBytes(StandardCharsets.UTF_8)));
  }

  private static String orNone(String value) {
    return value == null || value.isBlank() ? NONE : value;
  }
}
