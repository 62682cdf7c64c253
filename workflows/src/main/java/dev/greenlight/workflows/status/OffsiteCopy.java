package dev.greenlight.workflows.status;

import java.time.Instant;

/**
 * Where the off-site copy of a backup lives ({@code s3://bucket/prefix/<id>/}) and when its
 * objects' checksums were read back and found to match the local archive. {@code endpoint} and
 * {@code region} are the store's, as the plan gave them (null: the SDK's defaults, and in copies
 * recorded before they were), so that a scheduled verification can read the copy back.
 */
public record OffsiteCopy(
    String location, Instant offsiteVerifiedAt, String endpoint, String region) {

  public OffsiteCopy(String location, Instant offsiteVerifiedAt) {
    this(location, offsiteVerifiedAt, null, null);
  }
}
