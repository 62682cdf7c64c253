package dev.greenlight.plan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.greenlight.workflows.change.Expectation;
import dev.greenlight.workflows.change.TableName;
import dev.greenlight.workflows.format.Durations;
import dev.greenlight.workflows.plan.ApplySpec;
import dev.greenlight.workflows.plan.Approver;
import dev.greenlight.workflows.plan.BackupSpec;
import dev.greenlight.workflows.plan.BaselineSpec;
import dev.greenlight.workflows.plan.ChangeFile;
import dev.greenlight.workflows.plan.DatabaseTarget;
import dev.greenlight.workflows.plan.EncryptSpec;
import dev.greenlight.workflows.plan.GateSpec;
import dev.greenlight.workflows.plan.NotifySpec;
import dev.greenlight.workflows.plan.OffsiteSpec;
import dev.greenlight.workflows.plan.Plan;
import dev.greenlight.workflows.plan.PreflightSpec;
import dev.greenlight.workflows.plan.Promotion;
import dev.greenlight.workflows.plan.RetrySpec;
import dev.greenlight.workflows.plan.RollbackGate;
import dev.greenlight.workflows.plan.Signatures;
import dev.greenlight.workflows.plan.Step;
import dev.greenlight.workflows.plan.StepSpec;
import dev.greenlight.workflows.plan.VerifyBackupSpec;
import dev.greenlight.workflows.plan.VerifyChangeSpec;
import dev.greenlight.workflows.plan.WarRoomChannel;
import dev.greenlight.workflows.proof.SshKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
 *
 * <p>Everything in a plan is bounded (the ranges are listed in docs/plans.md): the file's size, the
 * number of steps and approvers, every number, duration and text. YAML that could mean something
 * other than it shows is refused: aliases, and a second document after {@code ---}.
 */
public final class PlanReader {

  /** Names that end up in workflow ids and the UI: letters, digits, dot, dash, underscore. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * The longest name; {@code deploy-<release>-<environment>} then stays within the 200 characters
   * of a deployment id.
   */
  static final int MAX_NAME = 64;

  /** The largest plan file. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  static final int MAX_STEPS = 200;
  static final int MAX_APPROVERS = 50;
  static final int MAX_CONFIRM = 20;
  static final Duration MIN_GATE_TIMEOUT = Duration.ofMinutes(1);
  static final Duration MAX_GATE_TIMEOUT = Duration.ofDays(30);
  static final Duration MIN_RETRY_INTERVAL = Duration.ofSeconds(1);
  static final Duration MAX_RETRY_INTERVAL = Duration.ofHours(24);
  static final Duration MIN_MAX_AGE = Duration.ofMinutes(1);
  static final Duration MAX_MAX_AGE = Duration.ofDays(365);

  private static final Pattern ENV_VAR = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  static final Duration DEFAULT_GATE_TIMEOUT = Duration.ofHours(24);
  private static final List<String> STEP_KINDS = StepSpec.keys();

  /** Kinds a plan file may use: not {@code restore}, which {@code greenlight restore} asks for. */
  private static final List<String> PLAN_KINDS =
      STEP_KINDS.stream()
          .filter(kind -> !kind.equals("restore") && !kind.equals("rollback"))
          .toList();

  private final ObjectMapper yaml =
      YAMLMapper.builder(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .build();

  /** Who starts the deployment, or null when unknown ({@code plan check}). */
  private final String startedBy;

  /** A reader for {@code plan check}: who will start the deployment is not known. */
  public PlanReader() {
    this(null);
  }

  /**
   * A reader for {@code start}: a gate that {@code startedBy} leaves without enough approvers (the
   * release lead never counts towards a gate) is refused, since it could only expire.
   */
  public PlanReader(String startedBy) {
    this.startedBy = startedBy;
  }

  public Plan read(Path file) throws PlanException {
    String text;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw new PlanException(
            file + ": larger than " + MAX_FILE_BYTES / 1024 + " KiB; a plan is a short file");
      }
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (NoSuchFileException e) {
      throw new PlanException(file + ": no such file");
    } catch (CharacterCodingException e) {
      throw new PlanException(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new PlanException(file + ": cannot read: " + e.getMessage());
    }
    Path parent = file.toAbsolutePath().getParent();
    return parse(file.toString(), text, parent == null ? Path.of("") : parent);
  }

  /**
   * Parses plan text; {@code source} names it in errors; files it names are in the current
   * directory.
   */
  public Plan parse(String source, String text) throws PlanException {
    return parse(source, text, Path.of(""));
  }

  /**
   * Parses plan text; {@code source} names it in errors, {@code directory} holds the files it
   * names.
   */
  public Plan parse(String source, String text, Path directory) throws PlanException {
    if (text.length() > MAX_FILE_BYTES) {
      throw new PlanException(
          source + ": larger than " + MAX_FILE_BYTES / 1024 + " KiB; a plan is a short file");
    }
    JsonNode tree;
    Map<String, Integer> lines;
    try {
      lines = lineIndex(source, text);
      tree = yaml.readTree(text);
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
    return plan(root, directory);
  }

  private Plan plan(YamlNode root, Path directory) throws PlanException {
    root.object(
        "release",
        "environment",
        "database",
        "approvers",
        "notify",
        "signatures",
        "requires",
        "steps",
        "rollback");
    String release = name(root.get("release"));
    String environment = name(root.get("environment"));
    DatabaseTarget database = database(root.get("database"));
    Map<String, Approver> approvers = approvers(root.get("approvers"));
    WarRoomChannel warRoom = warRoom(root.get("notify"));
    Signatures signatures = signatures(root.get("signatures"), root.get("approvers"), approvers);
    Promotion requires = requires(root.get("requires"), environment);
    List<Step> steps = steps(root.get("steps"), approvers, directory);
    RollbackGate rollback = rollback(root.get("rollback"), approvers, steps);
    return new Plan(
        release, environment, database, approvers, steps, warRoom, signatures, requires, rollback);
  }

  /**
   * {@code rollback: {approvers: [...], required: N, timeout: 1h}}: the gate a failed apply or
   * verify-change opens, with a gate's ranges and rules (people from the plan's approvers, never
   * only the release lead). It restores the run's verified backup, so the plan must verify one
   * before its change.
   */
  private RollbackGate rollback(YamlNode node, Map<String, Approver> approvers, List<Step> steps)
      throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    if (!node.isObject()) {
      throw node.error(
          "expected {approvers: [...], required: N, timeout: 1h}, found " + node.describe());
    }
    node.object("approvers", "required", "timeout");
    YamlNode approverNode = node.get("approvers");
    if (!approverNode.isMissing()) {
      approverNode.list(MAX_APPROVERS);
    }
    List<String> people = new ArrayList<>(new LinkedHashSet<>(approverNode.stringList()));
    if (people.isEmpty()) {
      throw approverNode.error("is required: list who may approve the rollback");
    }
    for (YamlNode person : approverNode.list()) {
      if (!approvers.containsKey(person.string())) {
        throw person.error(
            "'"
                + person.string()
                + "' is not in the plan's approvers ("
                + String.join(", ", approvers.keySet())
                + ")");
      }
    }
    YamlNode requiredNode = node.get("required");
    int required = requiredNode.isMissing() ? 1 : requiredNode.integer(1, 1000);
    if (required > people.size()) {
      throw requiredNode.error(
          required + " is more than the " + people.size() + " approvers listed for the rollback");
    }
    Duration timeout =
        node.get("timeout").duration(DEFAULT_GATE_TIMEOUT, MIN_GATE_TIMEOUT, MAX_GATE_TIMEOUT);
    int change = -1;
    int verified = -1;
    for (int i = 0; i < steps.size(); i++) {
      StepSpec spec = steps.get(i).spec();
      if (spec instanceof VerifyBackupSpec && verified < 0) {
        verified = i;
      }
      if ((spec instanceof ApplySpec || spec instanceof VerifyChangeSpec) && change < 0) {
        change = i;
      }
      if (steps.get(i).name().equals(RollbackGate.GATE_NAME)) {
        throw node.error(
            "a step is named '"
                + RollbackGate.GATE_NAME
                + "', the name of the rollback gate; rename the step");
      }
    }
    if (change < 0) {
      throw node.error(
          "needs an apply or verify-change step: the rollback follows a failed change");
    }
    if (verified < 0 || verified > change) {
      throw node.error(
          "needs a verify-backup step before the change: the rollback restores the verified backup");
    }
    RollbackGate rollback = new RollbackGate(people, required, timeout);
    approvable(node, "rollback", rollback.gate(List.of()));
    return rollback;
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
      throw node.error(
          "use letters, digits, '.', '-' and '_' only, found " + YamlNode.shown(value));
    }
    if (value.length() > MAX_NAME) {
      throw node.error("is " + value.length() + " characters long; names have at most " + MAX_NAME);
    }
    return value;
  }

  private static DatabaseTarget database(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      throw node.error("is required");
    }
    node.object("url", "user", "passwordEnv", "expect");
    String url = jdbcUrl(node.get("url"));
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

  /** A JDBC URL that pgjdbc reads and that carries no user-info and no password. */
  private static String jdbcUrl(YamlNode node) throws PlanException {
    String url = node.string();
    String problem = Secrets.jdbcProblem(url);
    if (problem != null) {
      throw node.error(problem);
    }
    return url;
  }

  private static Map<String, Approver> approvers(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      throw node.error("is required: list the people who may approve gates");
    }
    if (nodeFieldNames(node).size() > MAX_APPROVERS) {
      throw node.error(
          "lists "
              + node.fieldNames().size()
              + " people; at most "
              + MAX_APPROVERS
              + " are allowed");
    }
    Map<String, Approver> approvers = new LinkedHashMap<>();
    for (String person : node.fieldNames()) {
      YamlNode entry = node.get(person);
      if (!NAME.matcher(person).matches() || person.length() > MAX_NAME) {
        throw entry.error(
            "approver names use letters, digits, '.', '-' and '_' only, at most "
                + MAX_NAME
                + " of them");
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

  private List<Step> steps(YamlNode node, Map<String, Approver> approvers, Path directory)
      throws PlanException {
    List<YamlNode> items = node.list(MAX_STEPS);
    if (items.isEmpty()) {
      throw node.error("needs at least one step");
    }
    List<Step> steps = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (YamlNode item : items) {
      Step step = step(item, approvers, seen, directory);
      if (!names.add(step.name())) {
        throw item.error(
            "a step named '" + step.name() + "' already exists; give this one a unique name");
      }
      if (step.spec() instanceof VerifyBackupSpec && !seen.containsKey("backup")) {
        throw item.error("verify-backup needs a backup step before it");
      }
      if (step.spec() instanceof GateSpec gate) {
        approvable(item, step.name(), gate);
      }
      if (step.spec() instanceof VerifyChangeSpec && !seen.containsKey("baseline")) {
        throw item.error("verify-change needs a baseline step before it to compare with");
      }
      steps.add(step);
    }
    return steps;
  }

  private Step step(
      YamlNode item, Map<String, Approver> approvers, Map<String, Integer> seen, Path directory)
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
          .error("unknown step '" + first + "' (steps: " + String.join(", ", PLAN_KINDS) + ")");
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
          case "apply" -> apply(body, directory);
          case "verify-change" -> verifyChange(body);
          case "restore" ->
              throw item.get(kind)
                  .error("is not a plan step: ask for a restore with 'greenlight restore'");
          case "rollback" ->
              throw item.get(kind)
                  .error(
                      "is not a plan step: write 'rollback: {approvers: [...]}' at the top of the"
                          + " plan, or ask for one later with 'greenlight rollback'");
          default -> throw new IllegalStateException("no reader for step kind " + kind);
        };
    return new Step(name, spec);
  }

  /**
   * Refuses a gate that could only expire: the person who starts the deployment never counts
   * towards a gate, so the others (escalation included) must be able to give {@code required}.
   */
  private void approvable(YamlNode item, String name, GateSpec gate) throws PlanException {
    if (startedBy == null) {
      return;
    }
    Set<String> others = new LinkedHashSet<>(gate.approvers());
    others.addAll(gate.escalateTo());
    others.remove(startedBy);
    if (others.size() >= gate.required()) {
      return;
    }
    if (others.isEmpty()) {
      throw item.error(
          "gate "
              + name
              + " can never be approved: its only approver is "
              + startedBy
              + ", who starts the deployment and cannot approve it");
    }
    throw item.error(
        "gate "
            + name
            + " can never be approved: it needs "
            + gate.required()
            + " approvals and only "
            + others.size()
            + " of its approvers ("
            + String.join(", ", others)
            + ") are not "
            + startedBy
            + ", who starts the deployment");
  }

  private static Step gate(YamlNode item, YamlNode body, Map<String, Approver> approvers)
      throws PlanException {
    item.object("gate", "approvers", "required", "timeout", "confirm", "remind", "escalate");
    String name = name(body);
    YamlNode approverNode = item.get("approvers");
    if (!approverNode.isMissing()) {
      approverNode.list(MAX_APPROVERS);
    }
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
    Duration timeout =
        item.get("timeout").duration(DEFAULT_GATE_TIMEOUT, MIN_GATE_TIMEOUT, MAX_GATE_TIMEOUT);
    Duration remind = shorterThan(item.get("remind"), timeout);
    YamlNode escalate = item.get("escalate");
    Duration escalateAfter = null;
    List<String> escalateTo = List.of();
    if (!escalate.isMissing()) {
      escalate.object("after", "to");
      escalateAfter = shorterThan(escalate.get("after"), timeout);
      if (escalateAfter == null) {
        throw escalate.get("after").error("is required: how long the gate waits before escalating");
      }
      escalate.get("to").list(MAX_APPROVERS);
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
            confirm(item.get("confirm")),
            remind,
            escalateAfter,
            escalateTo));
  }

  /** A gate's remind or escalate.after: at least 1m, and shorter than its timeout. */
  private static Duration shorterThan(YamlNode node, Duration timeout) throws PlanException {
    Duration value = node.duration(null, MIN_GATE_TIMEOUT, MAX_GATE_TIMEOUT);
    if (value != null && value.compareTo(timeout) >= 0) {
      throw node.error(
          "must be shorter than the gate's timeout ("
              + Durations.format(timeout)
              + "), found "
              + YamlNode.shown(node.string()));
    }
    return value;
  }

  private static List<String> confirm(YamlNode node) throws PlanException {
    if (!node.isMissing()) {
      node.list(MAX_CONFIRM);
    }
    return node.stringList();
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
    body.object(
        "method",
        "directory",
        "format",
        "jobs",
        "compression",
        "command",
        "retry",
        "encrypt",
        "offsite");
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
    EncryptSpec encrypt = encrypt(body.get("encrypt"));
    OffsiteSpec offsite = offsite(body.get("offsite"));
    if (method.equals("command") && (encrypt != null || offsite != null)) {
      throw body.get(encrypt != null ? "encrypt" : "offsite")
          .error("is for method pg_dump; a backup command encrypts and copies its own archive");
    }
    if (encrypt != null && "directory".equals(format)) {
      throw formatNode.error(
          "an encrypted backup is one file encrypted as pg_dump streams it: use format custom (the"
              + " default with encrypt)");
    }
    return new BackupSpec(
        method,
        directory,
        format,
        body.get("jobs").optionalInteger(1, 64),
        body.get("compression").optionalInteger(0, 9),
        command,
        retry(body.get("retry")),
        encrypt,
        offsite);
  }

  /** {@code encrypt: { keyset: ENV_NAME }} or {@code encrypt: { keysetFile: /path }}. */
  private static EncryptSpec encrypt(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    node.object("keyset", "keysetFile");
    String variable = node.get("keyset").optionalString();
    String file = node.get("keysetFile").optionalString();
    if ((variable == null) == (file == null)) {
      throw node.error(
          "name where the worker reads the Tink keyset: keyset: ENV_NAME or keysetFile: /path"
              + " (one of them; never the key itself)");
    }
    if (variable != null && !ENV_VAR.matcher(variable).matches()) {
      throw node.get("keyset")
          .error(
              "expected the name of an environment variable, such as GREENLIGHT_BACKUP_KEYSET"
                  + " (the keyset itself never goes in a plan)");
    }
    if (file != null && !file.startsWith("/")) {
      throw node.get("keysetFile")
          .error("expected an absolute path on the worker, found '" + file + "'");
    }
    return new EncryptSpec(variable, file);
  }

  /** {@code offsite: { s3: { bucket, prefix, endpoint?, region? } }}. */
  private static OffsiteSpec offsite(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    node.object("s3");
    YamlNode s3 = node.get("s3");
    if (s3.isMissing()) {
      throw s3.error("is required: offsite: { s3: { bucket: NAME, prefix: PATH } }");
    }
    s3.object("bucket", "prefix", "endpoint", "region");
    String bucket = s3.get("bucket").optionalString();
    if (bucket == null) {
      throw s3.get("bucket").error("is required: the S3 bucket the backups are copied to");
    }
    if (!S3_BUCKET.matcher(bucket).matches()) {
      throw s3.get("bucket").error("is not an S3 bucket name: '" + bucket + "'");
    }
    String endpoint = s3.get("endpoint").optionalString();
    if (endpoint != null && !endpoint.matches("https?://[^/\\s]+/?")) {
      throw s3.get("endpoint")
          .error(
              "expected http(s)://host[:port] of an S3-compatible store, found '" + endpoint + "'");
    }
    if (endpoint != null && endpoint.matches("https?://[^@/]*@.*")) {
      throw s3.get("endpoint")
          .error("must not carry credentials; the worker's AWS credentials are used");
    }
    return new OffsiteSpec(
        bucket, s3.get("prefix").optionalString(), endpoint, s3.get("region").optionalString());
  }

  private static RetrySpec retry(YamlNode node) throws PlanException {
    if (node.isMissing()) {
      return null;
    }
    node.object("attempts", "initialInterval", "backoff", "maxInterval");
    YamlNode backoff = node.get("backoff");
    Duration initial =
        node.get("initialInterval")
            .duration(RetrySpec.BACKUP.initialInterval(), MIN_RETRY_INTERVAL, MAX_RETRY_INTERVAL);
    YamlNode maxNode = node.get("maxInterval");
    Duration max =
        maxNode.duration(RetrySpec.BACKUP.maxInterval(), MIN_RETRY_INTERVAL, MAX_RETRY_INTERVAL);
    if (max.compareTo(initial) < 0) {
      YamlNode named = maxNode.isMissing() ? node.get("initialInterval") : maxNode;
      throw named.error(
          "retry.maxInterval ("
              + Durations.format(max)
              + ") must not be shorter than retry.initialInterval ("
              + Durations.format(initial)
              + ")");
    }
    return new RetrySpec(
        node.get("attempts").isMissing()
            ? RetrySpec.BACKUP.attempts()
            : node.get("attempts").integer(1, 100),
        initial,
        backoff.isMissing() ? RetrySpec.BACKUP.backoff() : backoff.number(1.0, 10.0),
        max);
  }

  private static VerifyBackupSpec verifyBackup(YamlNode body) throws PlanException {
    if (body.isMissing()) {
      return new VerifyBackupSpec(false, null, null, null);
    }
    body.object("restoreTest", "scratchUrl", "minSizeRatio", "maxAge");
    YamlNode ratio = body.get("minSizeRatio");
    YamlNode scratch = body.get("scratchUrl");
    return new VerifyBackupSpec(
        body.get("restoreTest").bool(false),
        scratch.isMissing() ? null : jdbcUrl(scratch),
        ratio.isMissing() ? null : ratio.number(0.0, 1.0),
        body.get("maxAge").duration(null, MIN_MAX_AGE, MAX_MAX_AGE));
  }

  /**
   * {@code apply: { migrations: DIR }} or {@code apply: { sql: [FILE, ...] }}, relative to the plan
   * file: the files are read now, and their content and SHA-256 go into the deployment's input.
   */
  private static ApplySpec apply(YamlNode body, Path directory) throws PlanException {
    body.object("migrations", "sql", "lockTimeout", "statementTimeout", "historyTable", "retry");
    YamlNode migrations = body.get("migrations");
    YamlNode sql = body.get("sql");
    if (migrations.isMissing() == sql.isMissing()) {
      throw body.error(
          "name either migrations: DIR (V1__name.sql files) or sql: [FILE, ...], not "
              + (sql.isMissing() ? "neither" : "both"));
    }
    List<ChangeFile> files = new ArrayList<>();
    String location = migrations.isMissing() ? null : migrations.string();
    try {
      if (location != null) {
        files.addAll(ChangeFiles.migrations(directory, location));
      }
    } catch (IllegalArgumentException e) {
      throw migrations.error(e.getMessage());
    }
    if (location == null) {
      for (YamlNode entry : sql.list()) {
        try {
          ChangeFile file = ChangeFiles.sql(directory, entry.string());
          if (files.stream().anyMatch(f -> f.name().equals(file.name()))) {
            throw new IllegalArgumentException(file.name() + " is listed twice");
          }
          files.add(file);
        } catch (IllegalArgumentException e) {
          throw entry.error(e.getMessage());
        }
      }
      if (files.isEmpty()) {
        throw sql.error("list at least one SQL file");
      }
      try {
        ChangeFiles.checkSize(files);
      } catch (IllegalArgumentException e) {
        throw sql.error(e.getMessage());
      }
    }
    Duration lockTimeout =
        bounded(
            body.get("lockTimeout"),
            ApplySpec.DEFAULT_LOCK_TIMEOUT,
            Duration.ofMillis(100),
            Duration.ofMinutes(10));
    Duration statementTimeout =
        bounded(
            body.get("statementTimeout"),
            ApplySpec.DEFAULT_STATEMENT_TIMEOUT,
            Duration.ofSeconds(1),
            Duration.ofHours(24));
    YamlNode tableNode = body.get("historyTable");
    String table = tableNode.optionalString();
    if (table != null && !table.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw tableNode.error(
          "expected a lower-case table name (letters, digits, '_'), found '" + table + "'");
    }
    if (table == null) {
      table = location != null ? ApplySpec.MIGRATIONS_HISTORY_TABLE : ApplySpec.SQL_HISTORY_TABLE;
    }
    return new ApplySpec(
        location, files, lockTimeout, statementTimeout, table, retry(body.get("retry")));
  }

  /**
   * {@code verify-change: { expect: { tables: {T: EXPECTATION}, indexes: E, policies: E,
   * otherTables: E }, checks: [{ sql: ..., equals: V }], checkTimeout: D }}.
   */
  private static VerifyChangeSpec verifyChange(YamlNode body) throws PlanException {
    if (body.isMissing()) {
      return new VerifyChangeSpec(List.of(), null, null, null, List.of(), null);
    }
    body.object("expect", "checks", "checkTimeout");
    YamlNode expect = body.get("expect");
    List<VerifyChangeSpec.TableExpectation> tables = new ArrayList<>();
    String indexes = null;
    String policies = null;
    String otherTables = null;
    if (!expect.isMissing()) {
      expect.object("tables", "indexes", "policies", "otherTables");
      YamlNode tableNodes = expect.get("tables");
      if (!tableNodes.isMissing()) {
        if (!tableNodes.isObject()) {
          throw tableNodes.error(
              "expected a mapping of tables to expectations, found " + tableNodes.describe());
        }
        for (String table : tableNodes.fieldNames()) {
          YamlNode entry = tableNodes.get(table);
          try {
            TableName.parse(table);
          } catch (IllegalArgumentException e) {
            throw entry.error(e.getMessage());
          }
          tables.add(new VerifyChangeSpec.TableExpectation(table, expectation(entry)));
        }
      }
      indexes = optionalExpectation(expect.get("indexes"));
      policies = optionalExpectation(expect.get("policies"));
      otherTables = optionalExpectation(expect.get("otherTables"));
    }
    List<VerifyChangeSpec.CheckSpec> checks = new ArrayList<>();
    for (YamlNode check : body.get("checks").optionalList()) {
      check.object("sql", "equals");
      YamlNode equals = check.get("equals");
      if (equals.isMissing()) {
        throw equals.error("is required: the value the query must return");
      }
      checks.add(new VerifyChangeSpec.CheckSpec(check.get("sql").string(), equals.string()));
    }
    Duration checkTimeout =
        bounded(
            body.get("checkTimeout"),
            VerifyChangeSpec.DEFAULT_CHECK_TIMEOUT,
            Duration.ofSeconds(1),
            Duration.ofHours(1));
    return new VerifyChangeSpec(tables, indexes, policies, otherTables, checks, checkTimeout);
  }

  private static String optionalExpectation(YamlNode node) throws PlanException {
    return node.isMissing() ? null : expectation(node);
  }

  private static String expectation(YamlNode node) throws PlanException {
    String text = node.string().strip();
    try {
      Expectation.parse(text);
      return text;
    } catch (IllegalArgumentException e) {
      throw node.error(e.getMessage());
    }
  }

  private static Duration bounded(YamlNode node, Duration fallback, Duration min, Duration max)
      throws PlanException {
    Duration value = node.duration(fallback);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw node.error(
          "must be between "
              + (min.toMillis() < 1000 ? min.toMillis() + "ms" : Durations.format(min))
              + " and "
              + Durations.format(max)
              + ", found "
              + value);
    }
    return value;
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

  /**
   * Every JSON pointer in the document mapped to the line it starts on. Refuses what the tree would
   * silently change: an alias (Jackson reads {@code *rel} as the text {@code rel}) and a second
   * document (Jackson reads the first and drops the rest).
   */
  private Map<String, Integer> lineIndex(String source, String text)
      throws IOException, PlanException {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser parser = yaml.getFactory().createParser(text)) {
      JsonToken token;
      int depth = 0;
      boolean rootRead = false;
      while ((token = parser.nextToken()) != null) {
        int line = parser.currentTokenLocation().getLineNr();
        if (depth == 0 && rootRead) {
          throw new PlanException(
              source
                  + ":"
                  + line
                  + ": a plan is one YAML document; remove the second one that starts here"
                  + " (after '---')");
        }
        if (parser instanceof YAMLParser yamlParser && yamlParser.isCurrentAlias()) {
          throw new PlanException(
              source
                  + ":"
                  + line
                  + ": YAML aliases (*name) are not supported in plans; write the value out");
        }
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
          depth++;
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          depth--;
        }
        if (depth == 0 && token != JsonToken.FIELD_NAME) {
          rootRead = true;
        }
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
        lines.putIfAbsent(pointer, line);
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
