package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.client.ExitCode;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code greenlight --help} lists every exit code with its number, from {@link ExitCode}. */
class ExitCodeHelpTest {

  @Test
  void helpListsEveryExitCodeWithItsNumber() {
    Cli help = Cli.run("--help");

    assertThat(help.code()).isZero();
    List<String> lines = help.out().lines().toList();
    int heading = lines.indexOf("Exit codes:");
    assertThat(heading).as(help.out()).isNotNegative();
    List<String> listed = lines.subList(heading + 1, lines.size());
    for (ExitCode code : ExitCode.values()) {
      assertThat(listed)
          .as(code.name())
          .anyMatch(
              Pattern.compile("\\s*" + code.code() + "\\s+" + Pattern.quote(code.meaning()))
                  .asMatchPredicate());
    }
    assertThat(listed.stream().filter(line -> !line.isBlank())).hasSize(ExitCode.values().length);
  }

  @Test
  void noSystemPropertyCarriesTheList() {
    Cli.run("--help");

    assertThat(System.getProperties().stringPropertyNames())
        .noneMatch(name -> name.startsWith("greenlight."));
  }
}
