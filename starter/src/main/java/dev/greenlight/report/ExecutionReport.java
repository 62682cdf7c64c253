package dev.greenlight.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.greenlight.workflows.proof.Digests;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deployment's execution report as data: an ordered list of records (the start, every accepted
 * decision, the abort, every war-room message, every step with its result, the outcome, the
 * timeline), each linked to the one before by hash: {@code hash = sha256(prev + "\n" +
 * canonical(record without hash))}, canonical being compact JSON with keys sorted. Changing any
 * byte of a record changes its hash; changing the hash too breaks the next record's link.
 */
public final class ExecutionReport {

  public static final String FORMAT = "greenlight-report v1";
  public static final String GENESIS = "sha256:" + "0".repeat(64);

  static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();

  private final ObjectNode root;

  ExecutionReport(ObjectNode root) {
    this.root = root;
  }

  /** A new report of {@code deployment}'s run {@code runId}, without records. */
  static ExecutionReport begin(String deployment, String runId) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("deployment", deployment);
    root.put("runId", runId);
    root.putArray("records");
    return new ExecutionReport(root);
  }

  /** Appends a record, linked to the last one. */
  void add(String kind, String at, String title, Object data) {
    ArrayNode records = records();
    String prev =
        records.isEmpty() ? GENESIS : records.get(records.size() - 1).get("hash").asText();
    ObjectNode record = JSON.createObjectNode();
    record.put("seq", records.size() + 1);
    record.put("kind", kind);
    record.put("at", at);
    record.put("title", title);
    record.set("data", JSON.valueToTree(data));
    record.put("prev", prev);
    record.put("hash", hash(record));
    records.add(record);
    root.put("head", record.get("hash").asText());
  }

  public String deployment() {
    return root.path("deployment").asText();
  }

  public String runId() {
    return root.path("runId").asText();
  }

  public ArrayNode records() {
    return (ArrayNode) root.get("records");
  }

  /** The records of one kind, in order. */
  public List<JsonNode> records(String kind) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode record : records()) {
      if (kind.equals(record.path("kind").asText())) {
        found.add(record);
      }
    }
    return found;
  }

  public JsonNode first(String kind) {
    List<JsonNode> found = records(kind);
    return found.isEmpty() ? null : found.get(0);
  }

  public String head() {
    return root.path("head").asText(null);
  }

  public String toJson() {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads an exported report; refuses text that is not one. */
  public static ExecutionReport parse(String text) {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not a Greenlight report (not JSON: " + e.getOriginalMessage() + ")");
    }
    if (!(node instanceof ObjectNode object)
        || !FORMAT.equals(object.path("format").asText())
        || !object.path("records").isArray()) {
      throw new IllegalArgumentException("not a Greenlight report (" + FORMAT + ")");
    }
    return new ExecutionReport(object);
  }

  /** The hash a record should carry: over its link and its content, not its own hash. */
  static String hash(JsonNode record) {
    ObjectNode content = ((ObjectNode) record).deepCopy();
    content.remove("hash");
    String prev = content.path("prev").asText();
    return Digests.sha256(prev + "\n" + canonical(content));
  }

  /** Compact JSON with every object's keys sorted. */
  static String canonical(JsonNode node) {
    try {
      return JSON.writeValueAsString(sorted(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object sorted(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new TreeMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        map.put(field.getKey(), sorted(field.getValue()));
      }
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(sorted(item)));
      return list;
    }
    return node;
  }
}
