package dev.greenlight.activities.backup;

import dev.greenlight.workflows.plan.DatabaseTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A plan's JDBC URL in the terms PostgreSQL's own tools take: host, port and database as arguments,
 * the password only in the child's environment ({@code PGPASSWORD}).
 */
public record Libpq(
    String host, int port, String database, String user, String password, String sslmode) {

  public static Libpq of(DatabaseTarget target, String password) {
    return parse(target.url(), target.user(), password);
  }

  public static Libpq parse(String jdbcUrl, String user, String password) {
    String rest = jdbcUrl.substring("jdbc:postgresql:".length());
    String sslmode = null;
    int query = rest.indexOf('?');
    if (query >= 0) {
      for (String parameter : rest.substring(query + 1).split("&")) {
        if (parameter.startsWith("sslmode=")) {
          sslmode = parameter.substring("sslmode=".length());
        }
      }
      rest = rest.substring(0, query);
    }
    String host = "localhost";
    int port = 5432;
    String database = rest;
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      database = slash < 0 ? "" : rest.substring(slash + 1);
      int colon = authority.lastIndexOf(':');
      if (colon > 0 && !authority.endsWith("]")) {
        host = authority.substring(0, colon);
        port = Integer.parseInt(authority.substring(colon + 1));
      } else if (!authority.isEmpty()) {
        host = authority;
      }
    }
    return new Libpq(host, port, database, user, password, sslmode);
  }

  /** The same server, another database. */
  public Libpq withDatabase(String other) {
    return new Libpq(host, port, other, user, password, sslmode);
  }

  /** {@code --host H --port P [--username U]}: who and where, without the database. */
  public List<String> serverArguments() {
    List<String> arguments =
        new ArrayList<>(List.of("--host", host, "--port", Integer.toString(port)));
    if (user != null) {
      arguments.add("--username");
      arguments.add(user);
    }
    arguments.add("--no-password");
    return arguments;
  }

  /** The child process's environment: the password and TLS mode, never on the command line. */
  Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>();
    environment.put("PGCONNECT_TIMEOUT", "10");
    environment.put("PGAPPNAME", "greenlight");
    if (password != null) {
      environment.put("PGPASSWORD", password);
    }
    if (sslmode != null) {
      environment.put("PGSSLMODE", sslmode);
    }
    return environment;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://"
        + host
        + ":"
        + port
        + "/"
        + database
        + (sslmode == null ? "" : "?sslmode=" + sslmode);
  }

  /** For the command method: the connection as the standard libpq variables. */
  Map<String, String> libpqVariables() {
    Map<String, String> environment = new HashMap<>(environment());
    environment.put("PGHOST", host);
    environment.put("PGPORT", Integer.toString(port));
    environment.put("PGDATABASE", database);
    if (user != null) {
      environment.put("PGUSER", user);
    }
    return environment;
  }

  @Override
  public String toString() {
    return "Libpq[" + host + ":" + port + "/" + database + ", user " + user + "]";
  }
}
