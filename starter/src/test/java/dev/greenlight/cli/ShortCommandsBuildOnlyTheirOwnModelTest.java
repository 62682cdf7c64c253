package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line holds only the subcommand the arguments name, so a short command does not build
 * (and load the classes of) the others; the root's help, a mistyped name and no name get them all.
 */
class ShortCommandsBuildOnlyTheirOwnModelTest {

  private static final List<String> ALL =
      GreenlightCommand.SUBCOMMANDS.stream()
          .map(type -> type.getAnnotation(CommandLine.Command.class).name())
          .toList();

  @Test
  void aNamedSubcommandIsTheOnlyOneBuilt() {
    assertThat(Main.commandLine("status", "x").getSubcommands()).containsOnlyKeys("status");
    assertThat(Main.commandLine("--verbose", "plan", "check", "f.yaml").getSubcommands())
        .containsOnlyKeys("plan");
    assertThat(Main.commandLine("keys", "ids").getSubcommands()).containsOnlyKeys("keys");
  }

  @Test
  void theRootsHelpAndUnknownNamesGetEverySubcommandInOrder() {
    assertThat(ALL).hasSize(19).contains("status", "plan", "keys", "bench");
    for (String[] args :
        List.of(
            new String[] {},
            new String[] {"--help"},
            new String[] {"--help", "status"},
            new String[] {"-V"},
            new String[] {"statu"})) {
      assertThat(Main.commandLine(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactlyElementsOf(ALL);
    }
  }

  @Test
  void helpListsEverySubcommandAndASubcommandsHelpWorksAlone() {
    Cli help = Cli.run("--help");
    assertThat(help.code()).isZero();
    for (String name : ALL) {
      assertThat(help.out()).containsPattern("(?m)^  " + name + " ");
    }

    Cli statusHelp = Cli.run("status", "--help");
    assertThat(statusHelp.code()).isZero();
    assertThat(statusHelp.out()).startsWith("Usage: greenlight status ");

    Cli verbose = Cli.run("--verbose", "status", "");
    assertThat(verbose.code()).isEqualTo(2);

    Cli typo = Cli.run("statu", "x");
    assertThat(typo.code()).isEqualTo(2);
    assertThat(typo.err()).contains("'statu'");
  }
}
