package dev.greenlight.workflows.activities;

/**
 * A host's catalog: {@code host} null means whichever worker answers; {@code directory} null means
 * that worker's default catalog.
 */
public record CatalogRequest(String host, String directory) {}
