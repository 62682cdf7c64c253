package dev.greenlight.workflows.status;

import java.time.Instant;

/**
 * Where the off-site copy of a backup lives ({@code s3://bucket/prefix/<id>/}) and when its
 * objects' checksums were read back and found to match the local archive.
 */
public record OffsiteCopy(String location, Instant offsiteVerifiedAt) {}
