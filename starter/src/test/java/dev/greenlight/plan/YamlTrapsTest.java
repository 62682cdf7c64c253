package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.NotifySpec;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * YAML that would silently mean something other than it shows is refused, and so is a plan too big
 * to be one: aliases, a second document, control characters (never echoed raw into a one-line
 * error), an unbounded file, too many steps, names too long for a deployment id.
 */
class YamlTrapsTest {

  private static final String HEAD =
      """
      release: r
      environment: e
      database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
      approvers: { dana: {} }
      steps:
      """;

  private final PlanReader reader = new PlanReader();
  @TempDir Path directory;

  @Test
  void refusesAliasesRatherThanReadingTheAnchorsName() {
    String plan =
        """
        release: &rel menuca
        environment: *rel
        database: { url: "jdbc:postgresql://db:5432/menuca", expect: { database: menuca } }
        approvers: { dana: {} }
        steps:
          - notify: hi
        """;

    assertThatThrownBy(() -> reader.parse("p.yaml", plan))
        .isInstanceOf(PlanException.class)
        .hasMessage(
            "p.yaml:2: YAML aliases (*name) are not supported in plans; write the value out");
  }

  @Test
  void refusesASecondDocument() {
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + "  - notify: hi\n---\nsteps: []\n"))
        .hasMessage(
            "p.yaml:8: a plan is one YAML document; remove the second one that starts here (after '---')");
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + "  - notify: hi\n---\n"))
        .hasMessageStartingWith("p.yaml:8: a plan is one YAML document");
  }

  @Test
  void aDocumentStartMarkerAloneIsFine() throws Exception {
    assertThat(reader.parse("p.yaml", "---\n" + HEAD + "  - notify: hi\n...\n").steps()).hasSize(1);
  }

  @Test
  void controlCharactersAreEscapedInErrorsAndRefusedInValues() throws Exception {
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD.replace("release: r", "release: \"r\\nplans/x.yaml:1: all good\"")
                        + "  - notify: hi\n"))
        .hasMessage(
            "p.yaml:1: release: use letters, digits, '.', '-' and '_' only,"
                + " found 'r\\nplans/x.yaml:1: all good'")
        .hasMessageNotContaining("\n");
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + "  - notify: \"ok \\e[2J\"\n"))
        .hasMessage("p.yaml:6: steps[0].notify: contains the control character \\u001b; remove it");
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + "  - \"no\\u202etify\": hi\n"))
        .hasMessageContaining("unknown step 'no\\u202etify'");

    NotifySpec multiLine =
        (NotifySpec)
            reader
                .parse("p.yaml", HEAD + "  - notify: |\n      line one\n      line two\n")
                .steps()
                .get(0)
                .spec();
    assertThat(multiLine.text()).isEqualTo("line one\nline two\n");
  }

  @Test
  void refusesAFileOfUnboundedSize() throws Exception {
    Path zeros = directory.resolve("zeros.yaml");
    try (OutputStream out = Files.newOutputStream(zeros)) {
      out.write(new byte[PlanReader.MAX_FILE_BYTES + 1]);
    }

    assertThatThrownBy(() -> reader.read(zeros))
        .hasMessage(zeros + ": larger than 1024 KiB; a plan is a short file");
    if (Files.isReadable(Path.of("/dev/zero"))) {
      assertThatThrownBy(() -> reader.read(Path.of("/dev/zero")))
          .hasMessage("/dev/zero: larger than 1024 KiB; a plan is a short file");
    }
    Path latin1 =
        Files.write(directory.resolve("latin1.yaml"), new byte[] {'a', ':', ' ', (byte) 0xe9});
    assertThatThrownBy(() -> reader.read(latin1)).hasMessage(latin1 + ": not UTF-8 text");
  }

  @Test
  void refusesTooManyStepsAndNamesTooLongForADeploymentId() {
    assertThatThrownBy(() -> reader.parse("p.yaml", HEAD + "  - notify: hi\n".repeat(201)))
        .hasMessage("p.yaml:5: steps: has 201 items; at most 200 are allowed");
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD.replace("release: r", "release: " + "r".repeat(1_000_000))
                        + "  - notify: hi\n"))
        .hasMessage("p.yaml:1: release: is 1000000 characters long; at most 2000 are allowed");
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml",
                    HEAD.replace("environment: e", "environment: " + "e".repeat(65))
                        + "  - notify: hi\n"))
        .hasMessage("p.yaml:2: environment: is 65 characters long; names have at most 64");
    assertThatThrownBy(
            () -> reader.parse("p.yaml", HEAD + "  - notify: \"" + "x".repeat(2001) + "\"\n"))
        .hasMessage("p.yaml:6: steps[0].notify: is 2001 characters long; at most 2000 are allowed");
  }
}
