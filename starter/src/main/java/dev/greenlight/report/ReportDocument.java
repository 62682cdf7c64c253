package dev.greenlight.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenlight.workflows.format.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filled-in execution log as a document: headings, paragraphs, lists and tables, built from a
 * report's records only, and rendered as Markdown or as one self-contained HTML file.
 */
public final class ReportDocument {

  sealed interface Block permits Heading, Paragraph, Items, Table {}

  record Heading(int level, String text) implements Block {}

  record Paragraph(String text) implements Block {}

  record Items(List<String> items) implements Block {}

  record Table(List<String> headers, List<List<String>> rows) implements Block {}

  private final List<Block> blocks = new ArrayList<>();
  private final String title;

  private ReportDocument(String title) {
    this.title = title;
  }

  public String title() {
    return title;
  }

  List<Block> blocks() {
    return blocks;
  }

  public static ReportDocument of(ExecutionReport report) {
    JsonNode start = report.first("start").path("data");
    JsonNode plan = start.path("plan");
    JsonNode outcome =
        report.first("outcome") == null ? null : report.first("outcome").path("data");
    ReportDocument doc =
        new ReportDocument(
            "Execution log: "
                + plan.path("release").asText()
                + " to "
                + plan.path("environment").asText());
    doc.heading(1, doc.title);
    List<String> header = new ArrayList<>();
    header.add("Deployment: " + report.deployment() + " (run " + report.runId() + ")");
    header.add(
        "Started by "
            + start.path("startedBy").asText()
            + " at "
            + report.first("start").path("at").asText()
            + (start.hasNonNull("signer")
                ? ", signed by " + start.path("signer").asText()
                : ", unsigned"));
    header.add(
        "Plan: "
            + start.path("planFile").asText()
            + ", digest "
            + start.path("planDigest").asText());
    header.add(
        "Database: "
            + plan.path("database").path("expectDatabase").asText()
            + " ("
            + plan.path("database").path("url").asText()
            + ")");
    if (outcome != null) {
      header.add(
          "Outcome: "
              + outcome.path("state").asText()
              + (outcome.hasNonNull("reason") ? ": " + outcome.path("reason").asText() : "")
              + (outcome.hasNonNull("finishedAt")
                  ? ", at " + outcome.path("finishedAt").asText()
                  : ""));
      JsonNode signatures = outcome.path("signatures");
      header.add(
          signatures.isMissingNode() || signatures.isNull()
              ? "Signatures: none. Decisions are unsigned: the names below are what each surface said,"
                  + " not proof of who decided."
              : "Signatures: "
                  + (signatures.path("required").asBoolean() ? "required" : "optional")
                  + (signatures.hasNonNull("slackGateway")
                      ? "; Slack decisions signed by the gateway"
                      : ""));
    }
    doc.items(header);

    doc.heading(2, "Gates and decisions");
    List<JsonNode> decisions = report.records("decision");
    boolean anyGate = false;
    for (JsonNode record : report.records("step")) {
      JsonNode step = record.path("data").path("step");
      JsonNode gate = step.path("gate");
      if (gate.isMissingNode() || gate.isNull()) {
        continue;
      }
      anyGate = true;
      String name = step.path("name").asText();
      doc.heading(3, "Gate " + name + ": " + gate.path("state").asText());
      List<String> about = new ArrayList<>();
      about.add(
          gate.path("required").asInt()
              + " of "
              + join(gate.path("approvers"))
              + (gate.path("confirm").isEmpty()
                  ? ""
                  : "; approving confirms: " + join(gate.path("confirm"))));
      JsonNode evidence = gate.path("evidence");
      if (!evidence.isMissingNode() && !evidence.isNull()) {
        about.add("Evidence " + evidence.path("digest").asText() + " covers:");
        for (String field : List.of("plan", "database", "baseline", "backup")) {
          if (evidence.hasNonNull(field)) {
            about.add("  " + field + " " + evidence.path(field).asText());
          }
        }
      }
      doc.items(about);
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode decision : decisions) {
        JsonNode d = decision.path("data");
        if (!name.equals(d.path("gate").asText())) {
          continue;
        }
        rows.add(
            List.of(
                decision.path("at").asText(),
                d.path("by").asText(),
                d.path("action").asText(),
                d.path("via").asText()
                    + (d.hasNonNull("userId") && "slack".equals(d.path("via").asText())
                        ? " (" + d.path("userId").asText() + ")"
                        : ""),
                d.path("text").asText(""),
                d.hasNonNull("signer") ? d.path("signer").asText() : "unsigned",
                d.hasNonNull("evidence") ? d.path("evidence").asText() : "",
                "#" + decision.path("seq").asText()));
      }
      if (rows.isEmpty()) {
        doc.paragraph("No decisions.");
      } else {
        doc.table(
            List.of(
                "when", "who", "decision", "through", "comment", "signature", "evidence", "record"),
            rows);
      }
      List<String> voided = new ArrayList<>();
      for (JsonNode v : gate.path("voided")) {
        voided.add(
            v.path("approval").path("approver").asText()
                + "'s approval voided at "
                + v.path("at").asText()
                + ": "
                + v.path("reason").asText());
      }
      if (!voided.isEmpty()) {
        doc.items(voided);
      }
    }
    if (!anyGate) {
      doc.paragraph("The plan has no gates.");
    }

    doc.heading(2, "Baseline");
    boolean baseline = false;
    for (JsonNode record : report.records("step")) {
      JsonNode result = record.path("data").path("step").path("result");
      if (!"baseline".equals(result.path("type").asText())) {
        continue;
      }
      baseline = true;
      doc.paragraph(
          record.path("data").path("summary").asText()
              + ", captured "
              + result.path("capturedAt").asText());
      List<List<String>> rows = new ArrayList<>();
      for (JsonNode table : result.path("tables")) {
        rows.add(
            List.of(
                table.path("schema").asText() + "." + table.path("table").asText(),
                String.format(Locale.ROOT, "%,d", table.path("rows").asLong()),
                table.path("exact").asBoolean() ? "exact" : "estimate"));
      }
      doc.table(List.of("table", "rows", "count"), rows);
    }
    if (!baseline) {
      doc.paragraph("No baseline was taken.");
    }

    doc.heading(2, "Backup");
    List<String> backup = new ArrayList<>();
    for (JsonNode record : report.records("step")) {
      JsonNode result = record.path("data").path("step").path("result");
      String type = result.path("type").asText();
      if (type.equals("backup")) {
        backup.add(
            "Backup "
                + result.path("id").asText()
                + ": "
                + Sizes.bytes(result.path("bytes").asLong())
                + ", sha256 "
                + result.path("sha256").asText()
                + ", at "
                + result.path("location").asText());
      } else if (type.equals("verification")) {
        backup.add("Verification: " + record.path("data").path("summary").asText());
      }
    }
    if (outcome != null && outcome.hasNonNull("backup")) {
      JsonNode way = outcome.path("backup");
      backup.add(
          "The way back: "
              + way.path("id").asText()
              + (way.path("restoreTested").asBoolean()
                  ? ", restore-tested"
                  : ", not restore-tested")
              + ", verified "
              + way.path("verifiedAt").asText());
    }
    if (backup.isEmpty()) {
      backup.add("No backup was taken.");
    }
    doc.items(backup);

    doc.heading(2, "Steps");
    List<List<String>> steps = new ArrayList<>();
    for (JsonNode record : report.records("step")) {
      JsonNode step = record.path("data").path("step");
      String what =
          step.hasNonNull("error")
              ? step.path("error").asText()
              : record.path("data").path("summary").asText("")
                  + (step.hasNonNull("note") ? "; " + step.path("note").asText() : "");
      steps.add(
          List.of(
              step.path("name").asText(),
              step.path("kind").asText(),
              step.path("state").asText(),
              step.path("startedAt").asText(""),
              step.path("finishedAt").asText(""),
              what));
    }
    doc.table(List.of("step", "kind", "state", "started", "finished", "result"), steps);
    for (JsonNode record : report.records("step")) {
      JsonNode details = record.path("data").path("details");
      if (details.isArray() && !details.isEmpty()) {
        doc.heading(3, record.path("data").path("step").path("name").asText());
        List<String> lines = new ArrayList<>();
        details.forEach(line -> lines.add(line.asText()));
        doc.items(lines);
      }
    }

    doc.heading(2, "Rollback");
    List<String> rollbacks = new ArrayList<>();
    for (JsonNode record : report.records("step")) {
      JsonNode step = record.path("data").path("step");
      if (step.path("kind").asText().contains("rollback")
          || step.path("kind").asText().contains("restore")) {
        rollbacks.add(
            record.path("title").asText() + " " + record.path("data").path("summary").asText(""));
      }
    }
    doc.paragraph(rollbacks.isEmpty() ? "No rollback was run." : String.join("; ", rollbacks));

    List<JsonNode> aborts = report.records("abort");
    if (!aborts.isEmpty()) {
      doc.heading(2, "Abort");
      List<String> lines = new ArrayList<>();
      for (JsonNode record : aborts) {
        JsonNode d = record.path("data");
        lines.add(
            record.path("at").asText()
                + ": "
                + d.path("by").asText()
                + " via "
                + d.path("via").asText()
                + ": "
                + d.path("reason").asText()
                + (d.hasNonNull("signer")
                    ? " (signed by " + d.path("signer").asText() + ")"
                    : " (unsigned)"));
      }
      doc.items(lines);
    }

    doc.heading(2, "War room");
    List<List<String>> messages = new ArrayList<>();
    for (JsonNode record : report.records("war-room")) {
      messages.add(
          List.of(
              record.path("at").asText(),
              record.path("data").path("channel").asText(),
              record.path("data").path("text").asText()));
    }
    if (messages.isEmpty()) {
      doc.paragraph("No war-room messages.");
    } else {
      doc.table(List.of("when", "where", "message"), messages);
    }

    doc.heading(2, "Timeline");
    List<List<String>> timeline = new ArrayList<>();
    JsonNode events =
        report.first("timeline") == null ? null : report.first("timeline").path("data");
    if (events != null) {
      for (JsonNode event : events) {
        timeline.add(
            List.of(
                event.path("at").asText(),
                event.path("event").asText(),
                event.path("detail").asText()));
      }
    }
    doc.table(List.of("when", "event", "detail"), timeline);

    doc.heading(2, "Integrity");
    doc.items(
        List.of(
            report.records().size() + " records, each linked to the one before by SHA-256",
            "Head: " + report.head(),
            "Check it: greenlight report --verify FILE (the JSON export), offline"));
    return doc;
  }

  private void heading(int level, String text) {
    blocks.add(new Heading(level, text));
  }

  private void paragraph(String text) {
    blocks.add(new Paragraph(text));
  }

  private void items(List<String> items) {
    blocks.add(new Items(List.copyOf(items)));
  }

  private void table(List<String> headers, List<List<String>> rows) {
    blocks.add(new Table(headers, List.copyOf(rows)));
  }

  private static String join(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return String.join(", ", values);
  }

  /** Markdown, for the repository or a ticket. */
  public String markdown() {
    StringBuilder out = new StringBuilder();
    for (Block block : blocks) {
      if (block instanceof Heading h) {
        out.append("#".repeat(h.level())).append(' ').append(h.text()).append("\n\n");
      } else if (block instanceof Paragraph p) {
        out.append(p.text()).append("\n\n");
      } else if (block instanceof Items i) {
        for (String item : i.items()) {
          out.append(item.startsWith("  ") ? "  - " + item.strip() : "- " + item).append('\n');
        }
        out.append('\n');
      } else if (block instanceof Table t) {
        out.append("| ").append(String.join(" | ", t.headers())).append(" |\n");
        out.append("|").append("---|".repeat(t.headers().size())).append('\n');
        for (List<String> row : t.rows()) {
          out.append("| ")
              .append(String.join(" | ", row.stream().map(ReportDocument::cell).toList()))
              .append(" |\n");
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  /** One self-contained HTML file: inline style, no scripts, nothing fetched. */
  public String html() {
    StringBuilder out = new StringBuilder();
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>")
        .append(escape(title))
        .append("</title><style>")
        .append(
            "body{font-family:system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1b1f23}"
                + "table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}"
                + "th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}"
                + "th{background:#f6f8fa}td{word-break:break-word}h1{border-bottom:2px solid #2da44e}"
                + "li.sub{list-style:circle;margin-left:1.5rem}")
        .append("</style></head><body>\n");
    for (Block block : blocks) {
      if (block instanceof Heading h) {
        out.append("<h")
            .append(h.level())
            .append('>')
            .append(escape(h.text()))
            .append("</h")
            .append(h.level())
            .append(">\n");
      } else if (block instanceof Paragraph p) {
        out.append("<p>").append(escape(p.text())).append("</p>\n");
      } else if (block instanceof Items i) {
        out.append("<ul>");
        for (String item : i.items()) {
          out.append(item.startsWith("  ") ? "<li class=\"sub\">" : "<li>")
              .append(escape(item.strip()))
              .append("</li>");
        }
        out.append("</ul>\n");
      } else if (block instanceof Table t) {
        out.append("<table><thead><tr>");
        t.headers().forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
        out.append("</tr></thead><tbody>");
        for (List<String> row : t.rows()) {
          out.append("<tr>");
          row.forEach(c -> out.append("<td>").append(escape(c)).append("</td>"));
          out.append("</tr>");
        }
        out.append("</tbody></table>\n");
      }
    }
    return out.append("</body></html>\n").toString();
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
