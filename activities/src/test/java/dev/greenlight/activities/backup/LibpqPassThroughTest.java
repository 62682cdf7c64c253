package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.greenlight.activities.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real tools, started through Libpq, connect with what the JDBC URL says. */
@Timeout(60)
class LibpqPassThroughTest {

  private static final Duration TICK = Duration.ofSeconds(1);

  private String name;

  @BeforeEach
  void database() throws Exception {
    name = TestDatabase.create("gl libpq=x");
  }

  @AfterEach
  void drop() throws Exception {
    TestDatabase.drop(name);
  }

  @Test
  void psqlReachesTheSecondHostTheEncodedDatabaseAndCarriesTheApplicationName() throws Exception {
    String url =
        "jdbc:postgresql://127.0.0.1:1,"
            + TestDatabase.SERVER
            + "/"
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + "?ApplicationName=greenlight-test&connectTimeout=3";
    Libpq libpq = Libpq.parse(url, TestDatabase.USER, null);

    Processes.Result result =
        psql(
            libpq,
            "select current_database() || '|' || application_name"
                + " from pg_stat_activity where pid = pg_backend_pid()");

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout().strip()).isEqualTo(name + "|greenlight-test");
  }

  @Test
  void pgDumpReadsTheDatabaseWhoseNameLibpqWouldTakeForAConnectionString() throws Exception {
    Libpq libpq = Libpq.parse(urlOf(name, ""), TestDatabase.USER, null);
    List<String> command = new ArrayList<>(List.of("pg_dump", "--schema-only"));
    command.addAll(libpq.serverArguments());
    command.add(libpq.databaseArgument());

    Processes.Result result = Processes.run(command, libpq.environment(), () -> {}, TICK);

    assertThat(result.exitCode()).as(result.stderr()).isZero();
    assertThat(result.stdout()).contains("PostgreSQL database dump complete");
  }

  @Test
  void sslmodeReachesTheTool() throws Exception {
    Libpq required = Libpq.parse(urlOf(name, "?sslmode=require"), TestDatabase.USER, null);
    Libpq disabled = Libpq.parse(urlOf(name, "?sslmode=disable"), TestDatabase.USER, null);
    String query = "select ssl from pg_stat_ssl where pid = pg_backend_pid()";

    Processes.Result withRequire = psql(required, query);
    Processes.Result withDisable = psql(disabled, query);

    assertThat(withDisable.stdout().strip()).isEqualTo("f");
    if (serverOffersTls()) {
      assertThat(withRequire.stdout().strip()).isEqualTo("t");
    } else {
      assertThat(withRequire.exitCode()).isNotZero();
      assertThat(withRequire.lastError()).contains("server does not support SSL");
    }
  }

  @Test
  void aNullValueRemovesAVariableTheWorkerHas() throws Exception {
    assertThat(System.getenv("PATH")).isNotNull();
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", null);
    environment.put("GREENLIGHT_SEEN", "yes");

    Processes.Result result = Processes.run(List.of("/usr/bin/env"), environment, () -> {}, TICK);

    assertThat(result.stdout().lines())
        .contains("GREENLIGHT_SEEN=yes")
        .noneMatch(line -> line.startsWith("PATH="));
  }

  private static Processes.Result psql(Libpq libpq, String query) throws Exception {
    List<String> command = new ArrayList<>(List.of("psql", "-X", "-A", "-t", "-c", query));
    command.addAll(libpq.serverArguments());
    command.add(libpq.databaseArgument());
    return Processes.run(command, libpq.environment(), () -> {}, TICK);
  }

  private static String urlOf(String database, String query) {
    return "jdbc:postgresql://"
        + TestDatabase.SERVER
        + "/"
        + URLEncoder.encode(database, StandardCharsets.UTF_8)
        + query;
  }

  private static boolean serverOffersTls() throws Exception {
    try (Connection connection =
            DriverManager.getConnection(TestDatabase.url("postgres"), TestDatabase.USER, null);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("show ssl")) {
      rows.next();
      return rows.getString(1).equals("on");
    }
  }
}
