package dev.greenlight.cli;

import picocli.CommandLine.Option;

/** The PostgreSQL server the bench commands build their databases on. */
class BenchDatabaseOptions {

  @Option(
      names = "--server",
      defaultValue = "jdbc:postgresql://127.0.0.1:5432",
      description = "PostgreSQL server (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(
      names = "--user",
      defaultValue = "postgres",
      description = "User (default: ${DEFAULT-VALUE}).")
  String user;
}
