package dev.greenlight.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.greenlight.workflows.plan.VerifyBackupSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A plan is a workflow input, kept in Temporal's history: a password anywhere in it (a URL's
 * user-info, a password parameter, a password setting in a command) is refused.
 */
class PlanSecretsTest {

  private static final String NO_PASSWORD =
      "must not carry a password or other credentials; they are read on the worker (database.passwordEnv, the AWS credential chain)";

  private final PlanReader reader = new PlanReader();

  private static String plan(String url, String steps) {
    return """
        release: r
        environment: e
        database: { url: "%s", expect: { database: menuca } }
        approvers: { dana: {} }
        steps:
        %s
        """
        .formatted(url, steps);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          user-info password  | jdbc:postgresql://postgres:hunter2@db:5432/menuca          | p.yaml:3: database.url: NO_PASSWORD
          user-info user only | jdbc:postgresql://postgres@db:5432/menuca                  | p.yaml:3: database.url: must not carry a user before '@'; name the user in database.user
          multi-host          | jdbc:postgresql://a:5432,u:pw@b:5433/menuca               | p.yaml:3: database.url: NO_PASSWORD
          password parameter  | jdbc:postgresql://db/menuca?ssl=true&password=hunter2      | p.yaml:3: database.url: NO_PASSWORD
          sslpassword         | jdbc:postgresql://db/menuca?sslpassword=hunter2            | p.yaml:3: database.url: NO_PASSWORD
          not PostgreSQL      | jdbc:mysql://db/menuca                                     | p.yaml:3: database.url: expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), found 'jdbc:mysql://db/menuca'
          unreadable port     | jdbc:postgresql://db:port/menuca                           | p.yaml:3: database.url: not a valid PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), found 'jdbc:postgresql://db:port/menuca'
          """)
  void refusesAPasswordOrUserInTheDatabaseUrl(String what, String url, String message) {
    assertThatThrownBy(() -> reader.parse("p.yaml", plan(url, "  - notify: hi")))
        .isInstanceOf(PlanException.class)
        .hasMessage(message.replace("NO_PASSWORD", NO_PASSWORD))
        .hasMessageNotContaining("hunter2");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          scratchUrl user-info | '  - backup: { directory: /b }\\n  - verify-backup: { restoreTest: true, scratchUrl: "jdbc:postgresql://u:hunter2@scratch/postgres" }' | p.yaml:7: steps[1].verify-backup.scratchUrl: NO_PASSWORD
          scratchUrl query     | '  - backup: { directory: /b }\\n  - verify-backup: { restoreTest: true, scratchUrl: "jdbc:postgresql://scratch/postgres?password=hunter2" }' | p.yaml:7: steps[1].verify-backup.scratchUrl: NO_PASSWORD
          scratchUrl not JDBC  | '  - backup: { directory: /b }\\n  - verify-backup: { scratchUrl: "postgres://scratch/db" }' | p.yaml:7: steps[1].verify-backup.scratchUrl: expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), found 'postgres://scratch/db'
          command URL          | '  - backup: { method: command, command: [provider, backup, "postgres://u:hunter2@db/x"] }' | p.yaml:6: steps[0].backup.command[2]: NO_PASSWORD
          command setting      | '  - backup: { method: command, command: [env, "PGPASSWORD=hunter2", provider] }' | p.yaml:6: steps[0].backup.command[1]: NO_PASSWORD
          notify text          | '  - notify: "restore with psql postgresql://admin:hunter2@db/menuca"' | p.yaml:6: steps[0].notify: NO_PASSWORD
          """)
  void refusesAPasswordAnywhereElse(String what, String steps, String message) {
    assertThatThrownBy(
            () ->
                reader.parse(
                    "p.yaml", plan("jdbc:postgresql://db:5432/menuca", steps.replace("\\n", "\n"))))
        .isInstanceOf(PlanException.class)
        .hasMessage(message.replace("NO_PASSWORD", NO_PASSWORD))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void acceptsUrlsWithoutSecrets() throws Exception {
    var plan =
        reader.parse(
            "p.yaml",
            plan(
                "jdbc:postgresql://db:5432/menuca?sslmode=verify-full&ApplicationName=gl",
                """
                  - backup: { method: command, command: [provider, backup, "--url", "https://api.example.com/v1"] }
                  - verify-backup: { restoreTest: true, scratchUrl: "jdbc:postgresql://scratch:5433/postgres" }
                """));

    assertThat(((VerifyBackupSpec) plan.steps().get(1).spec()).scratchUrl())
        .isEqualTo("jdbc:postgresql://scratch:5433/postgres");
  }
}
