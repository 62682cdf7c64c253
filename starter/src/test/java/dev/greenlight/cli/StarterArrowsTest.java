package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI and the Slack gateway reach the activities only through Temporal or the worker module's
 * wiring: no file under starter/src/main names a class of the activities module, by import or by
 * qualified name.
 */
class StarterArrowsTest {

  private static final String ACTIVITIES = "dev.greenlight.activities";

  /**
   * The one reference left, with the file it is in: the Slack buttons' ids, which move out of the
   * activities module with the button protocol. Remove the entry when that lands.
   */
  private static final Map<String, String> KNOWN =
      Map.of(
          "dev/greenlight/slack/SlackGateway.java",
          "import dev.greenlight.activities.slack.StatusBlocks;");

  @Test
  void starterMainNamesNoActivitiesClass() throws IOException {
    Path root = Path.of("src/main/java");
    assertThat(root).isDirectory();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String relative = root.relativize(file).toString();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          String line = lines.get(i).strip();
          if (line.contains(ACTIVITIES) && !line.equals(KNOWN.get(relative))) {
            found.add(relative + ":" + (i + 1) + ": " + line);
          }
        }
        if (KNOWN.containsKey(relative)) {
          assertThat(lines)
              .as("%s no longer needs its exception: remove it from KNOWN", relative)
              .anySatisfy(line -> assertThat(line.strip()).isEqualTo(KNOWN.get(relative)));
        }
      }
    }
    assertThat(found)
        .as("starter/src/main must reach activities through Temporal or the worker module")
        .isEmpty();
  }
}
