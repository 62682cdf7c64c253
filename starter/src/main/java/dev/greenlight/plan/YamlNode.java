package dev.greenlight.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.greenlight.client.OneLine;
import dev.greenlight.workflows.format.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A node of the plan's YAML with its path ({@code steps[0].required}) and a way to fail with the
 * file and line it came from. Each accessor checks the type it expects and names what it found, and
 * every value has bounds: numbers and durations a range, texts a length, lists a size.
 */
final class YamlNode {

  /** The longest text value (a notify message, a confirm item, a URL, a path). */
  static final int MAX_TEXT = 2_000;

  /** The most items of a list whose reader sets no tighter bound. */
  static final int MAX_LIST = 1_000;

  /** Durations whose reader sets no tighter range. */
  static final Duration MIN_DURATION = Duration.ofSeconds(1);

  static final Duration MAX_DURATION = Duration.ofDays(365);

  /** Times (a maintenance window): four-digit years, as ISO-8601 writes them without a sign. */
  static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");

  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** How much of a value an error message quotes. */
  private static final int SHOWN = 80;

  private final JsonNode node;
  private final String path;
  private final String pointer;
  private final BiFunction<String, String, PlanException> errors;

  YamlNode(
      JsonNode node,
      String path,
      String pointer,
      BiFunction<String, String, PlanException> errors) {
    this.node = node;
    this.path = path;
    this.pointer = pointer;
    this.errors = errors;
  }

  boolean isMissing() {
    return node == null || node.isMissingNode() || node.isNull();
  }

  boolean isText() {
    return !isMissing() && node.isTextual();
  }

  boolean isObject() {
    return !isMissing() && node.isObject();
  }

  PlanException error(String message) {
    return errors.apply(pointer, (path.isEmpty() ? "" : path + ": ") + message);
  }

  YamlNode get(String field) {
    JsonNode child = isObject() ? node.get(field) : null;
    return new YamlNode(
        child,
        path.isEmpty() ? field : path + "." + field,
        pointer + "/" + field.replace("~", "~0").replace("/", "~1"),
        errors);
  }

  /** Fails on any field of this object not in {@code known}. */
  YamlNode object(String... known) throws PlanException {
    if (!isObject()) {
      throw error("expected a mapping of fields, found " + describe());
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!List.of(known).contains(name)) {
        throw get(name).error("unknown field (expected one of: " + String.join(", ", known) + ")");
      }
    }
    return this;
  }

  List<String> fieldNames() {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  List<YamlNode> list() throws PlanException {
    return list(MAX_LIST);
  }

  /** The items of a list of at most {@code max} items. */
  List<YamlNode> list(int max) throws PlanException {
    if (isMissing() || !node.isArray()) {
      throw error("expected a list, found " + describe());
    }
    if (node.size() > max) {
      throw error("has " + node.size() + " items; at most " + max + " are allowed");
    }
    List<YamlNode> items = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      items.add(new YamlNode(node.get(i), path + "[" + i + "]", pointer + "/" + i, errors));
    }
    return items;
  }

  List<YamlNode> optionalList() throws PlanException {
    return isMissing() ? List.of() : list();
  }

  List<String> stringList() throws PlanException {
    List<String> values = new ArrayList<>();
    for (YamlNode item : optionalList()) {
      values.add(item.string());
    }
    return values;
  }

  String string() throws PlanException {
    if (isMissing()) {
      throw error("is required");
    }
    if (!node.isValueNode() || node.isBoolean()) {
      throw error("expected text, found " + describe());
    }
    String value = node.asText();
    if (value.isBlank()) {
      throw error("must not be empty");
    }
    if (value.length() > MAX_TEXT) {
      throw error(
          "is " + value.length() + " characters long; at most " + MAX_TEXT + " are allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c != '\n' && c != '\t' && OneLine.isControl(c)) {
        throw error(
            "contains the control character " + OneLine.of(String.valueOf(c)) + "; remove it");
      }
    }
    String secret = Secrets.problem(value);
    if (secret != null) {
      throw error(secret);
    }
    return value;
  }

  String optionalString() throws PlanException {
    return isMissing() ? null : string();
  }

  int integer(int min, int max) throws PlanException {
    if (isMissing()) {
      throw error("is required");
    }
    if (!node.isIntegralNumber()) {
      throw error("expected a whole number, found " + describe());
    }
    if (!node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
      throw error("must be between " + min + " and " + max + ", found " + describe());
    }
    return (int) node.asLong();
  }

  Integer optionalInteger(int min, int max) throws PlanException {
    return isMissing() ? null : integer(min, max);
  }

  double number(double min, double max) throws PlanException {
    if (isMissing() || !node.isNumber()) {
      throw error("expected a number, found " + describe());
    }
    double value = node.asDouble();
    if (!Double.isFinite(value) || value < min || value > max) {
      throw error("must be between " + min + " and " + max + ", found " + value);
    }
    return value;
  }

  boolean bool(boolean fallback) throws PlanException {
    if (isMissing()) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw error("expected true or false, found " + describe());
    }
    return node.asBoolean();
  }

  /** A duration between 1s and 365d, or {@code fallback} when missing. */
  Duration duration(Duration fallback) throws PlanException {
    return duration(fallback, MIN_DURATION, MAX_DURATION);
  }

  /** A duration between {@code min} and {@code max}, or {@code fallback} when missing. */
  Duration duration(Duration fallback, Duration min, Duration max) throws PlanException {
    if (isMissing()) {
      return fallback;
    }
    Duration value = node.isTextual() ? DurationParser.parse(node.asText()) : null;
    if (value == null || value.isZero() || value.isNegative()) {
      throw error("expected a duration such as 30m, 4h or 1h30m, found " + describe());
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw error(
          "must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max)
              + ", found "
              + shown(node.asText()));
    }
    return value;
  }

  Instant instant() throws PlanException {
    if (isMissing()) {
      throw error("is required");
    }
    Instant value;
    try {
      value = Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw error("expected a UTC time such as 2026-11-23T02:00:00Z, found " + describe());
    }
    if (value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
      throw error("must be between " + EARLIEST + " and " + LATEST + ", found " + value);
    }
    return value;
  }

  Map.Entry<String, YamlNode> only() {
    String name = node.fieldNames().next();
    return Map.entry(name, get(name));
  }

  String describe() {
    if (isMissing()) {
      return "nothing";
    }
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    return node.isTextual() ? shown(node.asText()) : cut(node.asText());
  }

  /** A value as an error message quotes it: in quotes, escaped, and cut short when long. */
  static String shown(String value) {
    return "'" + cut(value) + "'";
  }

  private static String cut(String value) {
    return OneLine.of(value.length() > SHOWN ? value.substring(0, SHOWN) + "…" : value);
  }
}
