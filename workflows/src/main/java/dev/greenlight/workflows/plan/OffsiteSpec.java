package dev.greenlight.workflows.plan;

/**
 * An off-site copy of each backup in S3 (or an S3-compatible store at {@code endpoint}): objects
 * under {@code s3://bucket/prefix/<backup id>/}. {@code endpoint} and {@code region} are null for
 * the SDK's defaults. Credentials come from the AWS SDK's default provider chain on the worker,
 * never from the plan.
 */
public record OffsiteSpec(String bucket, String prefix, String endpoint, String region) {

  /** The prefix normalised to end with one slash, or empty. */
  public String keyPrefix() {
    if (prefix == null || prefix.isBlank()) {
      return "";
    }
    String trimmed = prefix.replaceAll("^/+", "").replaceAll("/+$", "");
    return trimmed.isEmpty() ? "" : trimmed + "/";
  }
}
