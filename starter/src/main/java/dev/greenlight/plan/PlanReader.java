package dev.greenlight.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Promotion;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.plan.Signatures;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.WarRoomChannel;
import dev.greenlight.workflows.proof.SshKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a plan file into a {@link Plan}, or fails with one line that names the file, the line and
 * the field: {@code plans/menuca.yaml:9: steps[0].required: 2 is more than the 1 approvers}.
 */
public final class PlanReader {

  /** Names that end up in workflow ids and the UI: letters, digits, dot, dash, underscore. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofHours(24);
  private static final List<String> STEP_KINDS = StepSpec.keys();

  private final ObjectMapper yaml =
      YAMLMapper.builder(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .build();

  public Plan read(Path file) throws PlanException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new PlanException(file + ": no such file");
    } catch (IOException e) {
      throw new PlanException(file + ": cannot read: " + e.getMessage());
    }
    return parse(file.toString(), text);
  }

  /** Parses plan text; {@code source} names it in errors. */
  public Plan parse(String source, String text) throws PlanException {
    JsonNode tree;
    Map<String, Integer> lines;
    try {
      tree = yaml.readTree(text);
      lines = lineIndex(text);
    } catch (JsonProcessingException e) {
      throw new PlanException(source + yamlError(e));
    } catch (IOException e) {
      throw new PlanException(source + ": cannot read: " + e.getMessage());
    }
    YamlNode root =
        new YamlNode(
            tree,
            "",
            "",
            (pointer, message) ->
                new PlanException(source + ":" + lineOf(lines, pointer) + ": " + message));
    if (tree == null || !root.isObject()) {
      throw new PlanException(
          source
              + ": a plan is a mapping with release, environment, database, approvers and steps");
    }
    return plan(root);
  }

  private Plan plan(YamlNode root) throws PlanException {
    root.object(
        "release",
        "environment",
        "database",
        "approvers",
        "notify",
        "signatures",
        "requires",
        "steps");
    String release = name(root.get("release"));
    String environment = name(root.get("environment"));
    DatabaseTarget database = database(root.get("database"));
    Map<String, Approver> approvers = approvers(root.get("approvers"));
    WarRoomChannel warRoom = warRoom(root.get("notify"));
    Signatures signatures = signatures(root.get("signatures"), root.get("approvers"), approvers);
    Promotion requires = requires(root.get("requires"), environment);
    List<Step> steps = steps(root.get("steps"), approvers);
    return new Plan(
        release, environment, database, approvers, steps, warRoom, signatures, requires);
  }

  /**
   * {@code signatures: required} (or {@code optional}), or {@code signatures: { required: true,
   * slackGateway: "ssh-ed25519 …" }}. Required signatures need a key for every person.
   */
  private static Signatures signatures(
      YamlNode node, YamlNode approverNode, Map<String, Approver> approvers) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    boolean required;
    String gateway = null;
    if (node.isText()) {
      String mode = node.string();
      if (!mode.equals("required") && !mode.equals("optional")) {
        throw node.error("expected required or optional, found '" + mode + "'");
      }
      required = mode.equals("required");
    } else {
      node.object("required", "slackGateway");
      required = node.get("required").bool(false);
      YamlNode gatewayNode = node.get("slackGateway");
      gateway = gatewayNode.optionalString();
      if (gateway != null) {
        key(gatewayNode, gateway);
      }
    }
    if (required) {
      for (Map.Entry<String, Approver> person : approvers.entrySet()) {
        if (person.getValue().key() == null) {
          throw approverNode
              .get(person.getKey())
              .error(
                  "signatures are required, but "
                      + person.getKey()
                      + " has no key (key: \"ssh-ed25519 AAAA… "
                      + person.getKey()
                      + "@laptop\")");
        }
      }
    }
    return new Signatures(required, gateway);
  }

  /** {@code requires: { environment: staging, within: 7d }}. */
  private static Promotion requires(YamlNode node, String environment) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    node.object("environment", "within");
    String from = name(node.get("environment"));
    if (from.equals(environment)) {
      throw node.get("environment")
          .error("a plan cannot require its own environment (" + environment + ")");
    }
    Duration within = node.get("within").duration(null);
    if (within == null) {
      throw node.get("within")
          .error("is required: how recent the deployment in " + from + " must be");
    }
    return new Promotion(from, within);
  }

  /** A public key as the plan gives it, checked: only {@code ssh-ed25519} keys. */
  private static String key(YamlNode node, String text) throws PlanException {
    try {
      SshKeys.parsePublicKey(text);
      return text.strip();
    } catch (SshKeys.Refused e) {
      throw node.error("not a usable public key: " + e.getMessage());
    }
  }

  /** {@code notify: { slack: { channel: C0123 } }}: where the war room is. */
  private static WarRoomChannel warRoom(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    node.object("slack");
    YamlNode slack = node.get("slack");
    if (slack.isMissing()) {
      return null;
    }
    slack.object("channel");
    return new WarRoomChannel(slack.get("channel").string());
  }

  private static String name(YamlNode node) throws PlanException {
    String value = node.string();
    if (!NAME.matcher(value).matches()) {
      throw node.error("use letters, digits, '.', '-' and '_' only, found '" + value + "'");
    }
    return value;
  }

  private static DatabaseTarget database(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      throw node.error("is required");
    }
    node.object("url", "user", "passwordEnv", "expect");
    YamlNode urlNode = node.get("url");
    String url = urlNode.string();
    if (!url.startsWith("jdbc:postgresql:")) {
      throw urlNode.error(
          "expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), found '"
              + url
              + "'");
    }
    if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      throw urlNode.error(
          "must not carry a password; name an environment variable in database.passwordEnv");
    }
    YamlNode envNode = node.get("passwordEnv");
    String passwordEnv = envNode.optionalString();
    if (passwordEnv != null && !ENV_VAR.matcher(passwordEnv).matches()) {
      throw envNode.error(
          "expected the name of an environment variable, found '" + passwordEnv + "'");
    }
    YamlNode expect = node.get("expect");
    if (expect.isMissing()) {
      throw expect.error(
          "is required: name the only database this plan may run against (expect: { database: name })");
    }
    expect.object("database");
    return new DatabaseTarget(
        url, node.get("user").optionalString(), passwordEnv, expect.get("database").string());
  }

  private static Map<String, Approver> approvers(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      throw node.error("is required: list the people who may approve gates");
    }
    nodeFieldNames(node);
    Map<String, Approver> approvers = new LinkedHashMap<>();
    for (String person : node.fieldNames()) {
      YamlNode entry = node.get(person);
      if (!NAME.matcher(person).matches()) {
        throw entry.error("approver names use letters, digits, '.', '-' and '_' only");
      }
      String slack = null;
      String key = null;
      if (!entry.isMissing()) {
        entry.object("slack", "key");
        slack = entry.get("slack").optionalString();
        String keyText = entry.get("key").optionalString();
        key = keyText == null ? null : key(entry.get("key"), keyText);
      }
      approvers.put(person, new Approver(slack, key));
    }
    if (approvers.isEmpty()) {
      throw node.error("needs at least one approver");
    }
    return approvers;
  }

  private static List<String> nodeFieldNames(YamlNode node) throws PlanException {
    if (!node.isObject()) {
      throw node.error("expected a mapping of names to {slack: user id}, found " + node.describe());
    }
    return node.fieldNames();
  }

  private List<Step> steps(YamlNode node, Map<String, Approver> approvers) throws PlanException {
    List<YamlNode> items = node.list();
    if (items.isEmpty()) {
      throw node.error("needs at least one step");
    }
    List<Step> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (YamlNode item : items) {
      Step step = step(item, approvers, seen);
      if (!names.add(step.name())) {
        throw item.error(
            "a step named '" + step.name() + "' already exists; give this one a unique name");
      }
      if (step.spec() instanceof VerifyBackupSpec && !seen.containsKey("backup")) {
        throw item.error("verify-backup needs a backup step before it");
      }
      steps.add(step);
    }
    return steps;
  }

  private Step step(YamlNode item, Map<String, Approver> approvers, Map<String, Integer> seen)
      throws PlanException {
    if (!item.isObject()) {
      throw item.error(
          "expected a step such as '- gate: signoff' or '- preflight: {...}', found "
              + item.describe());
    }
    List<String> kinds = item.fieldNames().stream().filter(STEP_KINDS::contains).toList();
    if (kinds.isEmpty()) {
      String first = item.fieldNames().isEmpty() ? "" : item.fieldNames().get(0);
      throw item.get(first)
          .error("unknown step '" + first + "' (steps: " + String.join(", ", STEP_KINDS) + ")");
    }
    if (kinds.size() > 1) {
      throw item.error("one step per list item, found " + String.join(" and ", kinds));
    }
    String kind = kinds.get(0);
    int occurrence = seen.merge(kind, 1, Integer::sum);
    YamlNode body = item.get(kind);
    if (kind.equals("gate")) {
      return gate(item, body, approvers);
    }
    item.object(kind, "name");
    String name =
        item.get("name").isMissing()
            ? (occurrence == 1 ? kind : kind + "-" + occurrence)
            : name(item.get("name"));
    StepSpec spec =
        switch (kind) {
          case "preflight" -> preflight(body);
          case "baseline" -> baseline(body);
          case "backup" -> backup(body);
          case "verify-backup" -> verifyBackup(body);
          case "notify" -> new NotifySpec(body.string());
          default -> throw new IllegalStateException("no reader for step kind " + kind);
        };
    return new Step(name, spec);
  }

  private static Step gate(YamlNode item, YamlNode body, Map<String, Approver> approvers)
      throws PlanException {
    item.object("gate", "approvers", "required", "timeout", "confirm", "remind", "escalate");
    String name = name(body);
    YamlNode approverNode = item.get("approvers");
    List<String> gateApprovers = new ArrayList<>(new LinkedHashSet<>(approverNode.stringList()));
    if (gateApprovers.isEmpty()) {
      throw approverNode.error("is required: list who may approve gate " + name);
    }
    List<YamlNode> entries = approverNode.list();
    for (int i = 0; i < entries.size(); i++) {
      String person = entries.get(i).string();
      if (!approvers.containsKey(person)) {
        throw entries
            .get(i)
            .error(
                "'"
                    + person
                    + "' is not in the plan's approvers ("
                    + String.join(", ", approvers.keySet())
                    + ")");
      }
    }
    YamlNode requiredNode = item.get("required");
    int required = requiredNode.isMissing() ? 1 : requiredNode.integer(1, 1000);
    if (required > gateApprovers.size()) {
      throw requiredNode.error(
          required
              + " is more than the "
              + gateApprovers.size()
              + " approvers listed for gate "
              + name);
    }
    Duration timeout = item.get("timeout").duration(DEFAULT_GATE_TIMEOUT);
    Duration remind = item.get("remind").duration(null);
    YamlNode escalate = item.get("escalate");
    Duration escalateAfter = null;
    List<String> escalateTo = List.of();
    if (!escalate.isMissing()) {
      escalate.object("after", "to");
      escalateAfter = escalate.get("after").duration(null);
      if (escalateAfter == null) {
        throw escalate.get("after").error("is required: how long the gate waits before escalating");
      }
      escalateTo = escalate.get("to").stringList();
      if (escalateTo.isEmpty()) {
        throw escalate.get("to").error("is required: who is added to the gate's approvers");
      }
      List<YamlNode> people = escalate.get("to").list();
      for (YamlNode person : people) {
        if (!approvers.containsKey(person.string())) {
          throw person.error(
              "'"
                  + person.string()
                  + "' is not in the plan's approvers ("
                  + String.join(", ", approvers.keySet())
                  + ")");
        }
      }
    }
    return new Step(
        name,
        new GateSpec(
            gateApprovers,
            required,
            timeout,
            item.get("confirm").stringList(),
            remind,
            escalateAfter,
            escalateTo));
  }

  private static PreflightSpec preflight(YamlNode body) throws PlanException {
    if (body.isMissing()) {
      return new PreflightSpec(null, null, null);
    }
    body.object("maxActiveConnections", "window");
    Integer max = body.get("maxActiveConnections").optionalInteger(0, 100_000);
    YamlNode window = body.get("window");
    if (window.isMissing()) {
      return new PreflightSpec(max, null, null);
    }
    window.object("start", "end");
    Instant start = window.get("start").instant();
    Instant end = window.get("end").instant();
    if (!end.isAfter(start)) {
      throw window.get("end").error("must be after window.start (" + start + ")");
    }
    return new PreflightSpec(max, start, end);
  }

  private static BaselineSpec baseline(YamlNode body) throws PlanException {
    body.object("schemas", "tables", "exact");
    List<String> schemas = body.get("schemas").stringList();
    List<String> tables = body.get("tables").stringList();
    if (schemas.isEmpty() && tables.isEmpty()) {
      throw body.error(
          "name the schemas or tables to record (schemas: [...] or tables: [schema.table])");
    }
    return new BaselineSpec(schemas, tables, body.get("exact").bool(true));
  }

  private static BackupSpec backup(YamlNode body) throws PlanException {
    body.object("method", "directory", "format", "jobs", "compression", "command", "retry");
    YamlNode methodNode = body.get("method");
    String method = methodNode.isMissing() ? "pg_dump" : methodNode.string();
    if (!method.equals("pg_dump") && !method.equals("command")) {
      throw methodNode.error("expected pg_dump or command, found '" + method + "'");
    }
    List<String> command = body.get("command").stringList();
    if (method.equals("command") && command.isEmpty()) {
      throw body.get("command").error("is required with method: command (an argument list)");
    }
    String directory = body.get("directory").optionalString();
    if (method.equals("pg_dump") && directory == null) {
      throw body.get("directory").error("is required: where the backup archive is written");
    }
    YamlNode formatNode = body.get("format");
    String format = formatNode.optionalString();
    if (format != null && !format.equals("custom") && !format.equals("directory")) {
      throw formatNode.error("expected custom or directory, found '" + format + "'");
    }
    return new BackupSpec(
        method,
        directory,
        format,
        body.get("jobs").optionalInteger(1, 64),
        body.get("compression").optionalInteger(0, 9),
        command,
        retry(body.get("retry")));
  }

  private static RetrySpec retry(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    node.object("attempts", "initialInterval", "backoff", "maxInterval");
    YamlNode backoff = node.get("backoff");
    return new RetrySpec(
        node.get("attempts").isMissing()
            ? RetrySpec.BACKUP.attempts()
            : node.get("attempts").integer(1, 100),
        node.get("initialInterval").duration(RetrySpec.BACKUP.initialInterval()),
        backoff.isMissing() ? RetrySpec.BACKUP.backoff() : backoff.number(1.0, 10.0),
        node.get("maxInterval").duration(RetrySpec.BACKUP.maxInterval()));
  }

  private static VerifyBackupSpec verifyBackup(YamlNode body) throws PlanException {
    if (body.isMissing()) {
      return new VerifyBackupSpec(false, null, null, null);
    }
    body.object("restoreTest", "scratchUrl", "minSizeRatio", "maxAge");
    YamlNode ratio = body.get("minSizeRatio");
    return new VerifyBackupSpec(
        body.get("restoreTest").bool(false),
        body.get("scratchUrl").optionalString(),
        ratio.isMissing() ? null : ratio.number(0.0, 1.0),
        body.get("maxAge").duration(null));
  }

  /** {@code :line: not valid YAML: what and where}, on one line, from the parser's error. */
  private static String yamlError(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
      Mark start =
          marked.getContextMark() != null ? marked.getContextMark() : marked.getProblemMark();
      String context = marked.getContext() == null ? "" : marked.getContext() + ", ";
      return ":"
          + (start.getLine() + 1)
          + ": not valid YAML: "
          + context
          + marked.getProblem()
          + " (line "
          + (marked.getProblemMark().getLine() + 1)
          + ", column "
          + (marked.getProblemMark().getColumn() + 1)
          + ")";
    }
    int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    String reason = e.getOriginalMessage().lines().findFirst().orElse("unreadable");
    return (line > 0 ? ":" + line : "") + ": not valid YAML: " + reason;
  }

  /** Every JSON pointer in the document mapped to the line it starts on. */
  private Map<String, Integer> lineIndex(String text) throws IOException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = yaml.getFactory().createParser(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          continue;
        }
        String pointer = parser.getParsingContext().pathAsPointer().toString();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          pointer =
              parser.getParsingContext().getParent() == null
                  ? ""
                  : parser.getParsingContext().getParent().pathAsPointer().toString();
        }
        lines.putIfAbsent(pointer, parser.currentTokenLocation().getLineNr());
      }
    }
    return lines;
  }

  /** The line of the pointer, or of its nearest ancestor that has one. */
  private static int lineOf(Map<String, Integer> lines, String pointer) {
    String current = pointer;
    while (true) {
      Integer line = lines.get(current);
      if (line != null) {
        return line;
      }
      if (current.isEmpty()) {
        return 1;
      }
      current = current.substring(0, current.lastIndexOf('/'));
    }
  }
}
