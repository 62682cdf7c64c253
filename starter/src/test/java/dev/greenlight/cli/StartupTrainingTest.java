package dev.greenlight.cli;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The training run that {@code bin/greenlight} makes its class-data archive from runs every short
 * command to success against a {@code greenlight dev} of its own: when the built-in plan or a
 * command breaks it, this fails (the archive would silently not be made).
 */
class StartupTrainingTest {

  @Test
  void everyShortCommandOfTheTrainingSucceeds() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    assertThatCode(() -> StartupTraining.train(java)).doesNotThrowAnyException();
  }
}
