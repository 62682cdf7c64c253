package dev.greenlight.activities.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A JDBC URL reaches libpq's tools as pgjdbc reads it, every libpq parameter included. */
class JdbcUrlToLibpqTest {

  @Test
  void defaultsAreLibpqsAndPgjdbcs() {
    Libpq libpq = Libpq.parse("jdbc:postgresql://db.internal/app", "deployer", null);

    assertThat(libpq.host()).isEqualTo("db.internal");
    assertThat(libpq.port()).isEqualTo("5432");
    assertThat(libpq.environment())
        .containsEntry("PGHOST", "db.internal")
        .containsEntry("PGPORT", "5432")
        .containsEntry("PGDATABASE", "app")
        .containsEntry("PGUSER", "deployer")
        .containsEntry("PGSSLMODE", "prefer")
        .containsEntry("PGCONNECT_TIMEOUT", "10")
        .containsEntry("PGAPPNAME", "greenlight");
    assertThat(Libpq.parse("jdbc:postgresql:app", null, null).environment())
        .containsEntry("PGHOST", "localhost")
        .containsEntry("PGPORT", "5432")
        .containsEntry("PGDATABASE", "app");
  }

  @Test
  void severalHostsBecomeCommaListsOfHostsAndPorts() {
    Libpq libpq = Libpq.parse("jdbc:postgresql://h1:5432,h2:5433,h3/db", null, null);

    assertThat(libpq.environment())
        .containsEntry("PGHOST", "h1,h2,h3")
        .containsEntry("PGPORT", "5432,5433,5432")
        .containsEntry("PGDATABASE", "db");
    assertThat(libpq.serverArguments())
        .containsExactly("--host", "h1,h2,h3", "--port", "5432,5433,5432", "--no-password");
  }

  @Test
  void anIpv6HostLosesItsBracketsForLibpqAndKeepsThemInTheUrl() {
    Libpq libpq = Libpq.parse("jdbc:postgresql://[2001:db8::7]:6432,[::1]/db", null, null);

    assertThat(libpq.hosts()).containsExactly("2001:db8::7", "::1");
    assertThat(libpq.environment())
        .containsEntry("PGHOST", "2001:db8::7,::1")
        .containsEntry("PGPORT", "6432,5432");
    assertThat(libpq.jdbcUrl()).isEqualTo("jdbc:postgresql://[2001:db8::7]:6432,[::1]:5432/db");
  }

  @Test
  void aPercentEncodedDatabaseNameIsDecodedAndEncodedAgainInTheUrl() {
    Libpq libpq = Libpq.parse("jdbc:postgresql://h/my%20db%2Fx%3Dy", null, null);

    assertThat(libpq.database()).isEqualTo("my db/x=y");
    assertThat(libpq.environment()).containsEntry("PGDATABASE", "my db/x=y");
    assertThat(libpq.databaseArgument()).isEqualTo("--dbname=dbname='my db/x=y'");
    assertThat(Libpq.parse(libpq.jdbcUrl(), null, null).database()).isEqualTo("my db/x=y");
    assertThat(Libpq.parse("jdbc:postgresql://h/menuca", null, null).databaseArgument())
        .isEqualTo("--dbname=menuca");
  }

  @Test
  void tlsParametersReachTheirLibpqVariables() {
    Libpq libpq =
        Libpq.parse(
            "jdbc:postgresql://h/db?sslmode=verify-full&sslrootcert=/etc/gl/ca.pem"
                + "&sslcert=/etc/gl/client.crt&sslkey=/etc/gl/client.key"
                + "&channelBinding=require&gssEncMode=disable",
            null,
            null);

    assertThat(libpq.environment())
        .containsEntry("PGSSLMODE", "verify-full")
        .containsEntry("PGSSLROOTCERT", "/etc/gl/ca.pem")
        .containsEntry("PGSSLCERT", "/etc/gl/client.crt")
        .containsEntry("PGSSLKEY", "/etc/gl/client.key")
        .containsEntry("PGCHANNELBINDING", "require")
        .containsEntry("PGGSSENCMODE", "disable");
  }

  @Test
  void sslTrueMeansVerifyFullAsInPgjdbcAndANonValidatingFactoryMeansRequire() {
    assertThat(Libpq.parse("jdbc:postgresql://h/db?ssl=true", null, null).environment())
        .containsEntry("PGSSLMODE", "verify-full");
    assertThat(
            Libpq.parse(
                    "jdbc:postgresql://h/db?ssl=true"
                        + "&sslfactory=org.postgresql.ssl.NonValidatingFactory",
                    null,
                    null)
                .environment())
        .containsEntry("PGSSLMODE", "require");
  }

  @Test
  void sessionParametersReachTheirLibpqVariables() {
    Map<String, String> environment =
        Libpq.parse(
                "jdbc:postgresql://h1,h2/db?connectTimeout=3&ApplicationName=nightly%20backup"
                    + "&targetServerType=primary&loadBalanceHosts=true"
                    + "&options=-c%20statement_timeout%3D0",
                null, null)
            .environment();

    assertThat(environment)
        .containsEntry("PGCONNECT_TIMEOUT", "3")
        .containsEntry("PGAPPNAME", "nightly backup")
        .containsEntry("PGTARGETSESSIONATTRS", "primary")
        .containsEntry("PGLOADBALANCEHOSTS", "random")
        .containsEntry("PGOPTIONS", "-c statement_timeout=0");
  }

  @Test
  void targetServerTypeMapsWhereLibpqHasTheSameAttribute() {
    assertThat(attributes("any")).isEqualTo("any");
    assertThat(attributes("master")).isEqualTo("primary");
    assertThat(attributes("secondary")).isEqualTo("standby");
    assertThat(attributes("slave")).isEqualTo("standby");
    assertThat(attributes("preferSecondary")).isEqualTo("prefer-standby");
    assertThat(attributes("preferPrimary")).isNull();
  }

  @Test
  void theWorkersOwnConnectionVariablesAreRemovedNotPassedDown() {
    Map<String, String> environment =
        Libpq.parse("jdbc:postgresql://h/db", null, null).environment();

    assertThat(environment)
        .containsKeys(Libpq.VARIABLES.toArray(String[]::new))
        .containsEntry("PGPASSWORD", null)
        .containsEntry("PGSSLROOTCERT", null)
        .containsEntry("PGHOSTADDR", null)
        .containsEntry("PGSERVICE", null)
        .containsEntry("PGUSER", null);
  }

  @Test
  void thePasswordIsTheWorkersSecretOnlyAndNeverAnArgument() {
    Libpq libpq =
        Libpq.parse(
            "jdbc:postgresql://h/db?password=from-url&sslpassword=key-secret",
            "deployer",
            "s3cret");

    assertThat(libpq.environment()).containsEntry("PGPASSWORD", "s3cret");
    assertThat(libpq.environment().values()).doesNotContain("from-url", "key-secret");
    assertThat(libpq.serverArguments()).doesNotContain("s3cret", "from-url", "key-secret");
    assertThat(String.join(" ", libpq.serverArguments()) + libpq.databaseArgument())
        .doesNotContain("s3cret")
        .doesNotContain("from-url");
    assertThat(libpq.jdbcUrl()).doesNotContain("from-url").doesNotContain("key-secret");
    assertThat(libpq.toString()).doesNotContain("s3cret");
    assertThat(Libpq.parse("jdbc:postgresql://h/db?password=from-url", null, null).environment())
        .containsEntry("PGPASSWORD", null);
  }

  @Test
  void aUserInTheUrlWinsAsItDoesForPgjdbc() {
    assertThat(Libpq.parse("jdbc:postgresql://h/db?user=reader", "deployer", null).user())
        .isEqualTo("reader");
    assertThat(Libpq.parse("jdbc:postgresql://h/db", "deployer", null).user())
        .isEqualTo("deployer");
  }

  @Test
  void anotherDatabaseKeepsEveryParameter() {
    Libpq scratch =
        Libpq.parse(
                "jdbc:postgresql://h1:5432,h2:5433/app?sslmode=require&ApplicationName=gl",
                "deployer",
                null)
            .withDatabase("gl_scratch_1");

    assertThat(scratch.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://h1:5432,h2:5433/gl_scratch_1?ApplicationName=gl&sslmode=require");
    assertThat(scratch.environment())
        .containsEntry("PGDATABASE", "gl_scratch_1")
        .containsEntry("PGSSLMODE", "require")
        .containsEntry("PGUSER", "deployer");
  }

  @Test
  void whatPgjdbcCannotParseIsOneLineThatShowsNoQuery() {
    assertThatThrownBy(() -> Libpq.parse("jdbc:postgresql://h:port/db?password=x", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "not a PostgreSQL JDBC URL: jdbc:postgresql://h:port/db"
                + " (expected jdbc:postgresql://host[:port][,host2[:port2]...]/database)");
    assertThatThrownBy(() -> Libpq.parse("jdbc:postgresql://h/db?sslmode=maybe", null, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sslmode 'maybe' is not a TLS mode");
  }

  private static String attributes(String targetServerType) {
    return Libpq.parse("jdbc:postgresql://h/db?targetServerType=" + targetServerType, null, null)
        .environment()
        .get("PGTARGETSESSIONATTRS");
  }
}
