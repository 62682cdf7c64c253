package dev.greenlight.worker;

import dev.greenlight.workflows.DeploymentSearchAttributes;
import io.grpc.ManagedChannel;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Greenlight's custom search attributes in a namespace: which are missing, and adding them. */
public final class SearchAttributeSetup {

  private SearchAttributeSetup() {}

  /** The attributes the namespace lacks, by name and type. */
  public static Map<String, IndexedValueType> missing(ManagedChannel channel, String namespace) {
    OperatorServiceStubs operator = operator(channel);
    try {
      Map<String, IndexedValueType> existing =
          operator
              .blockingStub()
              .listSearchAttributes(
                  ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build())
              .getCustomAttributesMap();
      Map<String, IndexedValueType> missing = new LinkedHashMap<>();
      DeploymentSearchAttributes.ALL.forEach(
          key -> {
            if (!existing.containsKey(key.getName())) {
              missing.put(key.getName(), key.getValueType());
            }
          });
      return missing;
    } finally {
      operator.shutdown();
    }
  }

  /** Adds what is missing; returns the names added. Needs operator rights on the server. */
  public static List<String> ensure(ManagedChannel channel, String namespace) {
    Map<String, IndexedValueType> missing = missing(channel, namespace);
    if (!missing.isEmpty()) {
      OperatorServiceStubs operator = operator(channel);
      try {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putAllSearchAttributes(missing)
                    .build());
      } finally {
        operator.shutdown();
      }
    }
    return new ArrayList<>(missing.keySet());
  }

  /**
   * Adds all of Greenlight's attributes without listing first, for servers that cannot list them
   * (the Java test server behind {@code greenlight dev}); ones already there are left as they are.
   */
  public static void addAll(ManagedChannel channel, String namespace) {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    DeploymentSearchAttributes.ALL.forEach(key -> all.put(key.getName(), key.getValueType()));
    OperatorServiceStubs operator = operator(channel);
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace(namespace)
                  .putAllSearchAttributes(all)
                  .build());
    } catch (io.grpc.StatusRuntimeException e) {
      if (e.getStatus().getCode() != io.grpc.Status.Code.ALREADY_EXISTS) {
        throw e;
      }
    } finally {
      operator.shutdown();
    }
  }

  /** The {@code temporal} CLI commands that register what is missing, for an operator to run. */
  public static String commands(Map<String, IndexedValueType> missing, String namespace) {
    List<String> commands = new ArrayList<>();
    missing.forEach(
        (name, type) ->
            commands.add(
                "temporal operator search-attribute create --namespace "
                    + namespace
                    + " --name "
                    + name
                    + " --type "
                    + (type == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST
                        ? "KeywordList"
                        : "Keyword")));
    return String.join("; ", commands);
  }

  private static OperatorServiceStubs operator(ManagedChannel channel) {
    return OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder()
            .setChannel(channel)
            .validateAndBuildWithDefaults());
  }
}
