package dev.greenlight.activities.backup;

import dev.greenlight.activities.DatabaseConnector;
import dev.greenlight.workflows.plan.DatabaseTarget;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.postgresql.Driver;
import org.postgresql.PGProperty;
import org.postgresql.hostchooser.HostRequirement;
import org.postgresql.jdbc.SslMode;
import org.postgresql.util.PSQLException;

/**
 * A plan's JDBC URL in the terms PostgreSQL's own tools take. pgjdbc parses the URL ({@link
 * Driver#parseURL}: hosts, ports, the decoded database name, every query parameter); this class
 * maps what libpq also understands to its environment variables ({@link #environment()}). The
 * password comes only from the worker's secret and only into {@code PGPASSWORD}, never into
 * arguments; a {@code password} in the URL is ignored here (plans carrying one are refused before).
 */
public record Libpq(
    List<String> hosts,
    List<Integer> ports,
    String database,
    String user,
    String password,
    Map<String, String> parameters) {

  /** URL parameters not kept as parameters: secrets, and what the record holds as components. */
  private static final Set<String> DROPPED =
      Set.of(
          PGProperty.PG_HOST.getName(),
          PGProperty.PG_PORT.getName(),
          PGProperty.PG_DBNAME.getName(),
          PGProperty.PASSWORD.getName(),
          PGProperty.SSL_PASSWORD.getName());

  /** pgjdbc parameter to libpq variable, where the value means the same to both. */
  private static final Map<String, String> SAME_MEANING =
      Map.of(
          PGProperty.SSL_ROOT_CERT.getName(), "PGSSLROOTCERT",
          PGProperty.SSL_CERT.getName(), "PGSSLCERT",
          PGProperty.SSL_KEY.getName(), "PGSSLKEY",
          PGProperty.CHANNEL_BINDING.getName(), "PGCHANNELBINDING",
          PGProperty.KERBEROS_SERVER_NAME.getName(), "PGKRBSRVNAME",
          PGProperty.OPTIONS.getName(), "PGOPTIONS",
          PGProperty.SSL_NEGOTIATION.getName(), "PGSSLNEGOTIATION");

  /**
   * Every libpq variable that decides where and how a tool connects. Each is either set from the
   * URL or removed from what the worker's own environment would pass down, so the tool reaches the
   * server the JDBC connection reached, the same way.
   */
  static final List<String> VARIABLES =
      List.of(
          "PGHOST",
          "PGHOSTADDR",
          "PGPORT",
          "PGDATABASE",
          "PGUSER",
          "PGPASSWORD",
          "PGSERVICE",
          "PGSSLMODE",
          "PGSSLROOTCERT",
          "PGSSLCERT",
          "PGSSLKEY",
          "PGGSSENCMODE",
          "PGCHANNELBINDING",
          "PGKRBSRVNAME",
          "PGOPTIONS",
          "PGSSLNEGOTIATION",
          "PGCONNECT_TIMEOUT",
          "PGAPPNAME",
          "PGTARGETSESSIONATTRS",
          "PGLOADBALANCEHOSTS");

  public Libpq {
    hosts = List.copyOf(hosts);
    ports = List.copyOf(ports);
    parameters = Map.copyOf(parameters);
    if (hosts.isEmpty() || hosts.size() != ports.size()) {
      throw new IllegalArgumentException("every host needs a port: " + hosts + " " + ports);
    }
    sslmode(parameters);
    targetSessionAttributes(parameters);
  }

  public static Libpq of(DatabaseTarget target, String password) {
    return parse(target.url(), target.user(), password);
  }

  /**
   * Parses {@code jdbcUrl} as pgjdbc does.
   *
   * @param user the plan's user; a {@code user} parameter in the URL wins, as it does for pgjdbc
   * @param password the worker's secret, or null
   * @throws IllegalArgumentException when pgjdbc cannot parse the URL
   */
  public static Libpq parse(String jdbcUrl, String user, String password) {
    Properties properties = jdbcUrl == null ? null : Driver.parseURL(jdbcUrl, null);
    if (properties == null) {
      throw new IllegalArgumentException(
          "not a PostgreSQL JDBC URL: "
              + DatabaseConnector.redact(jdbcUrl)
              + " (expected jdbc:postgresql://host[:port][,host2[:port2]...]/database)");
    }
    List<String> hosts =
        Arrays.stream(properties.getProperty(PGProperty.PG_HOST.getName()).split(","))
            .map(Libpq::unbracket)
            .toList();
    List<Integer> ports =
        Arrays.stream(properties.getProperty(PGProperty.PG_PORT.getName()).split(","))
            .map(Integer::valueOf)
            .toList();
    Map<String, String> parameters = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      if (!DROPPED.contains(name)) {
        parameters.put(name, properties.getProperty(name));
      }
    }
    return new Libpq(
        hosts,
        ports,
        properties.getProperty(PGProperty.PG_DBNAME.getName(), ""),
        properties.getProperty(PGProperty.USER.getName(), user),
        password,
        parameters);
  }

  /** The same server, another database. */
  public Libpq withDatabase(String other) {
    return new Libpq(hosts, ports, other, user, password, parameters);
  }

  /** The hosts as libpq takes them: comma-separated, IPv6 addresses without brackets. */
  public String host() {
    return String.join(",", hosts);
  }

  /** The ports, one per host, comma-separated. */
  public String port() {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /**
   * {@code --host H --port P [--username U] --no-password}: who and where, without the database,
   * for the command line and the backup's record. The rest of the connection is in {@link
   * #environment()}, which a tool started with these arguments should also get.
   */
  public List<String> serverArguments() {
    List<String> arguments = new ArrayList<>(List.of("--host", host(), "--port", port()));
    if (user != null) {
      arguments.add("--username");
      arguments.add(user);
    }
    arguments.add("--no-password");
    return arguments;
  }

  /**
   * {@code --dbname=NAME}; a name libpq would read as a connection string (one with {@code =} or a
   * URI prefix) goes in as {@code dbname='NAME'} instead.
   */
  public String databaseArgument() {
    boolean readAsConnectionString =
        database.contains("=")
            || database.startsWith("postgresql://")
            || database.startsWith("postgres://");
    if (!readAsConnectionString) {
      return "--dbname=" + database;
    }
    return "--dbname=dbname='" + database.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /**
   * The connection as libpq's environment variables, for a child process: every name in {@link
   * #VARIABLES}, with a null value where the URL sets nothing so that the worker's own value is
   * removed rather than passed down. {@code PGPASSWORD} is the worker's secret or nothing.
   */
  public Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    VARIABLES.forEach(name -> environment.put(name, null));
    environment.put("PGHOST", host());
    environment.put("PGPORT", port());
    environment.put("PGDATABASE", database);
    environment.put("PGUSER", user);
    environment.put("PGPASSWORD", password);
    environment.put("PGSSLMODE", sslmode(parameters));
    SAME_MEANING.forEach(
        (parameter, variable) -> environment.put(variable, parameters.get(parameter)));
    environment.put(
        "PGCONNECT_TIMEOUT", parameters.getOrDefault(PGProperty.CONNECT_TIMEOUT.getName(), "10"));
    environment.put(
        "PGAPPNAME", parameters.getOrDefault(PGProperty.APPLICATION_NAME.getName(), "greenlight"));
    environment.put("PGTARGETSESSIONATTRS", targetSessionAttributes(parameters));
    String gssEncMode = parameters.get(PGProperty.GSS_ENC_MODE.getName());
    environment.put("PGGSSENCMODE", "allow".equals(gssEncMode) ? null : gssEncMode);
    if (Boolean.parseBoolean(parameters.get(PGProperty.LOAD_BALANCE_HOSTS.getName()))) {
      environment.put("PGLOADBALANCEHOSTS", "random");
    }
    return environment;
  }

  /**
   * pgjdbc's TLS mode: {@code sslmode}, else {@code ssl=true} meaning verify-full, else prefer.
   * With pgjdbc's {@code NonValidatingFactory} the certificate is not checked, which libpq calls
   * require.
   */
  private static String sslmode(Map<String, String> parameters) {
    Properties properties = new Properties();
    parameters.forEach(properties::setProperty);
    SslMode mode;
    try {
      mode = SslMode.of(properties);
    } catch (PSQLException e) {
      throw new IllegalArgumentException(
          "sslmode '" + parameters.get(PGProperty.SSL_MODE.getName()) + "' is not a TLS mode", e);
    }
    String factory = parameters.getOrDefault(PGProperty.SSL_FACTORY.getName(), "");
    if (mode.verifyCertificate() && factory.endsWith(".NonValidatingFactory")) {
      return SslMode.REQUIRE.value;
    }
    return mode.value;
  }

  /**
   * libpq's {@code target_session_attrs} for pgjdbc's {@code targetServerType}; null where libpq
   * has no equivalent ({@code preferPrimary}: libpq then takes the hosts in order).
   */
  private static String targetSessionAttributes(Map<String, String> parameters) {
    String type = parameters.get(PGProperty.TARGET_SERVER_TYPE.getName());
    if (type == null) {
      return null;
    }
    HostRequirement requirement;
    try {
      requirement = HostRequirement.getTargetServerType(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "targetServerType '" + type + "' is not known to pgjdbc", e);
    }
    return switch (requirement) {
      case any -> "any";
      case master, primary -> "primary";
      case secondary -> "standby";
      case preferSecondary -> "prefer-standby";
      default -> null;
    };
  }

  /** The connection as a JDBC URL again, every parameter kept but passwords. */
  public String jdbcUrl() {
    StringBuilder url = new StringBuilder("jdbc:postgresql://");
    for (int i = 0; i < hosts.size(); i++) {
      String host = hosts.get(i);
      url.append(i == 0 ? "" : ",")
          .append(host.contains(":") ? "[" + host + "]" : host)
          .append(':')
          .append(ports.get(i));
    }
    url.append('/').append(encode(database));
    String query =
        new TreeMap<>(parameters)
            .entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    return query.isEmpty() ? url.toString() : url.append('?').append(query).toString();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String unbracket(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  @Override
  public String toString() {
    return "Libpq[" + host() + ":" + port() + "/" + database + ", user " + user + "]";
  }
}
