package dev.greenlight.cli;

import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import dev.greenlight.client.OneLine;
import dev.greenlight.plan.DurationParser;
import dev.greenlight.workflows.activities.CatalogEntry;
import dev.greenlight.workflows.activities.CatalogListing;
import dev.greenlight.workflows.activities.CatalogRequest;
import dev.greenlight.workflows.format.Durations;
import dev.greenlight.workflows.format.Sizes;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.RestoreSpec;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.status.BackupResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "restore",
    description = {
      "Ask for a catalogued backup to be restored into a database (pg_restore --clean).",
      "Runs as a gated deployment on the worker that holds the backup: once one approver other than",
      "you approves, it checks the archive, takes an emergency backup of the target into the same",
      "catalog, and restores. Without --yes, shows the plan and does nothing; with it, prints the id",
      "to follow with status, watch, approve, reject and abort."
    })
class RestoreCommand implements Callable<Integer> {

  static final String GATE = "approve-restore";
  private static final String JDBC = "jdbc:postgresql://";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final int MAX_NAME = 64;
  private static final int MAX_APPROVERS = 50;
  private static final int MAX_REASON = 500;
  private static final Duration MIN_TIMEOUT = Duration.ofMinutes(1);
  private static final Duration MAX_TIMEOUT = Duration.ofDays(30);

  @Spec CommandSpec spec;
  @Mixin TemporalOptions temporal;
  @Mixin BackupsCommand.CatalogOptions catalog;

  @Parameters(paramLabel = "ID", description = "The backup id.")
  String backupId;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URL",
      description = "Target: jdbc:postgresql://host:port/database")
  String url;

  @Option(names = "--user", description = "Database user.")
  String user;

  @Option(
      names = "--password-env",
      paramLabel = "NAME",
      description = "Environment variable on the worker holding the password.")
  String passwordEnv;

  @Option(
      names = "--as",
      required = true,
      paramLabel = "NAME",
      description = "Who asks for the restore (may not approve it).")
  String requestedBy;

  @Option(
      names = "--approvers",
      required = true,
      split = ",",
      paramLabel = "A,B",
      description = "Who may approve it; one approval other than yours is needed.")
  List<String> approvers;

  @Option(names = "--reason", paramLabel = "R", description = "Why, for the record.")
  String reason;

  @Option(
      names = "--timeout",
      defaultValue = "4h",
      paramLabel = "AGE",
      description = "How long the approval may take (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--id", description = "Run id (default: restore-<backup id>).")
  String id;

  @Option(names = "--yes", description = "Ask for it (without: show the plan only).")
  boolean yes;

  @Override
  public Integer call() {
    String database = databaseOf(url);
    List<String> deciders =
        approvers.stream().map(String::strip).filter(a -> !a.isEmpty()).distinct().toList();
    for (String person : deciders) {
      if (!NAME.matcher(person).matches() || person.length() > MAX_NAME) {
        throw new GreenlightException(
            ExitCode.USAGE,
            "--approvers: '"
                + OneLine.of(person.length() > MAX_NAME ? person.substring(0, MAX_NAME) : person)
                + "' is not a name (letters, digits, '.', '-', '_'; at most "
                + MAX_NAME
                + ")");
      }
    }
    if (deciders.size() > MAX_APPROVERS) {
      throw new GreenlightException(
          ExitCode.USAGE, "--approvers: at most " + MAX_APPROVERS + " people");
    }
    if (reason != null && (reason.length() > MAX_REASON || !OneLine.of(reason).equals(reason))) {
      throw new GreenlightException(
          ExitCode.USAGE, "--reason: one line of at most " + MAX_REASON + " characters");
    }
    if (deciders.stream().allMatch(a -> a.equals(requestedBy))) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "--approvers: name someone other than " + requestedBy + ", who asks for the restore");
    }
    Duration wait = DurationParser.parse(timeout);
    if (wait == null || wait.compareTo(MIN_TIMEOUT) < 0 || wait.compareTo(MAX_TIMEOUT) > 0) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "--timeout: expected 1m to 30d, such as 4h or 30m, found '" + OneLine.of(timeout) + "'");
    }
    try (TemporalOptions.Connection connection = temporal.connect()) {
      CatalogListing listing =
          connection
              .catalogs(BackupsCommand.askedBy())
              .list(new CatalogRequest(catalog.host(), catalog.directory));
      BackupResult backup =
          listing.backups().stream()
              .map(CatalogEntry::backup)
              .filter(b -> b.id().equals(backupId))
              .findFirst()
              .orElseThrow(
                  () ->
                      new GreenlightException(
                          ExitCode.NOT_FOUND,
                          "no backup "
                              + backupId
                              + " in "
                              + listing.directory()
                              + " on host "
                              + listing.host()));
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          "Will restore backup "
              + backupId
              + " (database "
              + backup.database()
              + ", "
              + Sizes.bytes(backup.bytes())
              + ", taken "
              + backup.finishedAt()
              + ") on host "
              + listing.host());
      out.println("  into " + redact(url) + ", replacing the objects the backup contains,");
      List<String> others = deciders.stream().filter(a -> !a.equals(requestedBy)).toList();
      out.println(
          "  once "
              + (others.size() == 1 ? others.get(0) : "one of " + String.join(", ", others))
              + " approves within "
              + Durations.format(wait)
              + " ("
              + requestedBy
              + ", who asks, may not),");
      out.println(
          "  after an emergency backup of " + database + " into " + listing.directory() + ".");
      if (!yes) {
        throw new GreenlightException(
            ExitCode.USAGE, "nothing done: add --yes to ask for the restore");
      }
      Plan plan = plan(database, deciders, wait, listing, backup);
      String runId =
          connection
              .deployments()
              .start(
                  plan, "greenlight restore", requestedBy, id == null ? "restore-" + backupId : id);
      out.println(
          "Asked for the restore; it waits for gate "
              + GATE
              + ": greenlight approve "
              + runId
              + " --as NAME, then greenlight watch "
              + runId);
      out.println(runId);
    }
    return 0;
  }

  /** The restore as a two-step plan: a gate, then the restore on the backup's host. */
  private Plan plan(
      String database,
      List<String> deciders,
      Duration wait,
      CatalogListing listing,
      BackupResult backup) {
    Map<String, Approver> people = new LinkedHashMap<>();
    for (String person : new LinkedHashSet<>(deciders)) {
      people.put(person, new Approver(null));
    }
    String what =
        "Restore backup "
            + backupId
            + " into "
            + database
            + ", asked by "
            + requestedBy
            + (reason == null || reason.isBlank() ? "" : ": " + reason);
    return new Plan(
        "restore-" + backupId,
        database,
        new DatabaseTarget(url, user, passwordEnv, database),
        people,
        List.of(
            new Step(GATE, new GateSpec(deciders, 1, wait, List.of(what))),
            new Step(
                "restore",
                new RestoreSpec(
                    backupId,
                    listing.host(),
                    listing.directory(),
                    backup.encryption() == null
                        ? null
                        : EncryptSpec.ofSource(backup.encryption().keyset())))));
  }

  /** The database a JDBC URL names; refuses anything but jdbc:postgresql://host[:port]/database. */
  static String databaseOf(String url) {
    int slash = url.startsWith(JDBC) ? url.indexOf('/', JDBC.length()) : -1;
    int query = url.indexOf('?');
    String database =
        slash < 0 ? "" : url.substring(slash + 1, query > slash ? query : url.length());
    if (slash <= JDBC.length() || database.isEmpty() || database.contains("/")) {
      throw new GreenlightException(
          ExitCode.USAGE,
          "--to: expected jdbc:postgresql://host:port/database, found '" + url + "'");
    }
    return database;
  }

  /** The URL without its query, which may carry credentials. */
  private static String redact(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query);
  }
}
