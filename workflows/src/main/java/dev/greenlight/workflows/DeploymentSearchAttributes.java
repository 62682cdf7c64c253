package dev.greenlight.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes every deployment carries, so the Temporal UI and {@code list} can
 * filter on them: {@code GreenlightState = "WAITING_FOR_APPROVAL"}. A namespace must have them
 * registered before a worker runs deployments ({@code greenlight dev} and the compose stack do).
 */
public final class DeploymentSearchAttributes {

  public static final SearchAttributeKey<String> RELEASE =
      SearchAttributeKey.forKeyword("GreenlightRelease");
  public static final SearchAttributeKey<String> ENVIRONMENT =
      SearchAttributeKey.forKeyword("GreenlightEnvironment");
  public static final SearchAttributeKey<String> STATE =
      SearchAttributeKey.forKeyword("GreenlightState");
  public static final SearchAttributeKey<String> STEP =
      SearchAttributeKey.forKeyword("GreenlightStep");
  public static final SearchAttributeKey<String> STARTED_BY =
      SearchAttributeKey.forKeyword("GreenlightStartedBy");
  public static final SearchAttributeKey<List<String>> AWAITING =
      SearchAttributeKey.forKeywordList("GreenlightAwaiting");

  public static final List<SearchAttributeKey<?>> ALL =
      List.of(RELEASE, ENVIRONMENT, STATE, STEP, STARTED_BY, AWAITING);

  private DeploymentSearchAttributes() {}
}
