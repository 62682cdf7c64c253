package dev.greenlight.activities.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.slack.GateAction;
import dev.greenlight.workflows.status.DeploymentStatus;
import dev.greenlight.workflows.status.Evidence;
import dev.greenlight.workflows.status.GateState;
import dev.greenlight.workflows.status.GateStatus;
import dev.greenlight.workflows.status.StepStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A deployment's living war-room message: the checklist, and Approve/Reject while a gate is open.
 */
public final class StatusBlocks {

  /** The most of an open gate's details shown, within a section's 3,000 characters. */
  private static final int MAX_DETAILS = 2_800;

  private StatusBlocks() {}

  /** The plain-text fallback (notifications, screen readers): one line. */
  public static String text(DeploymentStatus status) {
    return "Deploy "
        + status.release()
        + " to "
        + status.environment()
        + ": "
        + status.state()
        + (status.currentStep() == null ? "" : " at " + status.currentStep());
  }

  public static List<LayoutBlock> blocks(DeploymentStatus status) {
    List<LayoutBlock> blocks = new ArrayList<>();
    blocks.add(
        section(
            s ->
                s.text(
                    markdownText(
                        "*Deploy `"
                            + status.release()
                            + "` to "
                            + status.environment()
                            + "*, started by "
                            + status.startedBy()
                            + "\n*"
                            + status.state()
                            + "*"
                            + (status.reason() == null ? "" : ": " + status.reason())))));
    String checklist =
        status.steps().stream()
            .map(step -> step.state().mark() + " " + step.name() + detail(status, step))
            .collect(Collectors.joining("\n"));
    blocks.add(section(s -> s.text(markdownText(checklist))));
    StepStatus open = openGate(status);
    if (open != null) {
      Evidence evidence = open.gate().evidence();
      String value =
          new GateAction(status.id(), open.name(), evidence == null ? null : evidence.digest())
              .value();
      blocks.add(
          section(
              s ->
                  s.text(
                      markdownText(
                          "Waiting for "
                              + mentions(status, open.gate().awaiting())
                              + " to approve *"
                              + open.name()
                              + "*"
                              + (open.gate().confirm().isEmpty()
                                  ? ""
                                  : "\nBy approving you confirm: "
                                      + String.join("; ", open.gate().confirm()))
                              + (evidence == null
                                  ? ""
                                  : "\nOn evidence `"
                                      + evidence.shortDigest()
                                      + "`, which covers: "
                                      + String.join("; ", evidence.covers()))
                              + (status.signatures() == null
                                  ? "\n_Decisions are unsigned: names only._"
                                  : "")))));
      if (open.result() != null && !open.result().details().isEmpty()) {
        // what the approvers of this gate decide on (a rollback: what failed, the backup, the rows
        // it would lose), within Slack's 3,000 characters of a section
        String details = String.join("\n", open.result().details());
        String shown =
            details.length() <= MAX_DETAILS
                ? details
                : details.substring(0, MAX_DETAILS) + "\n… (greenlight status " + status.id() + ")";
        blocks.add(section(s -> s.text(markdownText("```\n" + shown + "\n```"))));
      }
      blocks.add(
          actions(
              a ->
                  a.blockId("greenlight_gate")
                      .elements(
                          List.of(
                              button(
                                  b ->
                                      b.actionId(GateAction.APPROVE)
                                          .text(plainText("Approve"))
                                          .style("primary")
                                          .value(value)),
                              button(
                                  b ->
                                      b.actionId(GateAction.REJECT)
                                          .text(plainText("Reject"))
                                          .style("danger")
                                          .value(value))))));
    }
    if (status.backup() != null) {
      blocks.add(
          context(
              c ->
                  c.elements(
                      List.of(
                          markdownText(
                              "Backup `"
                                  + status.backup().id()
                                  + "`, "
                                  + status.backup().bytes()
                                  + " bytes, sha256 `"
                                  + status.backup().sha256()
                                  + "`")))));
    }
    return blocks;
  }

  static StepStatus openGate(DeploymentStatus status) {
    return status.steps().stream()
        .filter(s -> s.gate() != null && s.gate().state() == GateState.OPEN)
        .findFirst()
        .orElse(null);
  }

  private static String detail(DeploymentStatus status, StepStatus step) {
    GateStatus gate = step.gate();
    if (gate != null) {
      return switch (gate.state()) {
        case OPEN ->
            " — waiting for "
                + mentions(status, gate.awaiting())
                + " ("
                + gate.approvals().size()
                + " of "
                + gate.required()
                + ")";
        case APPROVED ->
            " — approved by "
                + gate.approvals().stream()
                    .map(d -> d.approver())
                    .collect(Collectors.joining(", "));
        default -> step.error() == null ? "" : " — " + step.error();
      };
    }
    if (step.error() != null) {
      return " — " + step.error();
    }
    return step.result() == null ? "" : " — " + step.result().summary();
  }

  private static String mentions(DeploymentStatus status, List<String> people) {
    return people.stream()
        .map(
            person -> {
              Approver approver =
                  status.approvers() == null ? null : status.approvers().get(person);
              return approver == null || approver.slack() == null
                  ? person
                  : "<@" + approver.slack() + ">";
            })
        .collect(Collectors.joining(", "));
  }
}
