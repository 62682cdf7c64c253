package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI and the Slack gateway reach the activities only through Temporal or the worker module's
 * wiring: no file under starter/src/main names a class of the activities module, by import or by
 * qualified name.
 */
class StarterArrowsTest {

  private static final String ACTIVITIES = "dev.greenlight.activities";

  @Test
  void starterMainNamesNoActivitiesClass() throws IOException {
    Path root = Path.of("src/main/java");
    assertThat(root).isDirectory();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).contains(ACTIVITIES)) {
            found.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
          }
        }
      }
    }
    assertThat(found)
        .as("starter/src/main must reach activities through Temporal or the worker module")
        .isEmpty();
  }
}
