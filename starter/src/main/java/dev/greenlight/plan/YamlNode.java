package dev.greenlight.plan;

import com.fasterxml.jackson.databind.JsonNode;
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
 * file and line it came from. Each accessor checks the type it expects and names what it found.
 */
final class YamlNode {

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

  String path() {
    return path;
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
    if (isMissing() || !node.isArray()) {
      throw error("expected a list, found " + describe());
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
    long value = node.asLong();
    if (value < min || value > max) {
      throw error("must be between " + min + " and " + max + ", found " + value);
    }
    return (int) value;
  }

  Integer optionalInteger(int min, int max) throws PlanException {
    return isMissing() ? null : integer(min, max);
  }

  double number(double min, double max) throws PlanException {
    if (isMissing() || !node.isNumber()) {
      throw error("expected a number, found " + describe());
    }
    double value = node.asDouble();
    if (value < min || value > max) {
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

  Duration duration(Duration fallback) throws PlanException {
    if (isMissing()) {
      return fallback;
    }
    Duration value = node.isTextual() ? DurationParser.parse(node.asText()) : null;
    if (value == null || value.isZero() || value.isNegative()) {
      throw error("expected a duration such as 30m, 4h or 1h30m, found " + describe());
    }
    return value;
  }

  Instant instant() throws PlanException {
    if (isMissing()) {
      throw error("is required");
    }
    try {
      return Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw error("expected a UTC time such as 2026-11-23T02:00:00Z, found " + describe());
    }
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
    if (node.isTextual()) {
      return "'" + node.asText() + "'";
    }
    return node.asText();
  }
}
