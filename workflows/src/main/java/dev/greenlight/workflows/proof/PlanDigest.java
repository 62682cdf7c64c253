package dev.greenlight.workflows.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.greenlight.workflows.plan.Plan;

/**
 * The SHA-256 of a plan in a canonical JSON form (properties and map keys sorted, times and
 * durations as ISO-8601 text), computed where the plan is read so that what approvers are shown is
 * pinned in the deployment's history, whatever serializer a later worker uses.
 */
public final class PlanDigest {

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .build();

  private PlanDigest() {}

  /** The canonical JSON of {@code plan}. */
  public static String canonical(Plan plan) {
    try {
      return CANONICAL.writeValueAsString(plan);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "a plan that cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** {@code sha256:<hex>} of the canonical JSON. */
  public static String of(Plan plan) {
    return Digests.sha256(canonical(plan));
  }

  /**
   * The digest that is the same for one plan promoted from environment to environment: the plan
   * with its environment, database and promotion requirement left out.
   */
  public static String promotable(Plan plan) {
    return Digests.sha256(
        canonical(
            new Plan(
                plan.release(),
                null,
                null,
                plan.approvers(),
                plan.steps(),
                plan.warRoom(),
                plan.signatures(),
                null,
                plan.rollback())));
  }
}
