package dev.greenlight.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.greenlight.workflows.status.DeploymentStatus;
import java.io.UncheckedIOException;

/** JSON for people and scripts: ISO times, no nulls, the shape of the status records. */
final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  private Json() {}

  /**
   * A deployment's status for {@code status --json}. Each step's result stays where scripts found
   * it before results were one typed field: under its kind's name ({@code "baseline": {...}}).
   */
  static String write(DeploymentStatus status) {
    ObjectNode tree = MAPPER.valueToTree(status);
    for (JsonNode step : tree.path("steps")) {
      if (step.get("result") instanceof ObjectNode result && result.has("type")) {
        String kind = result.remove("type").asText();
        ((ObjectNode) step).remove("result");
        ((ObjectNode) step).set(kind, result);
      }
    }
    return write((Object) tree);
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
