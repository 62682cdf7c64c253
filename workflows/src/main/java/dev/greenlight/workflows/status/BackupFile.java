package dev.greenlight.workflows.status;

/** One file of a backup archive: its path inside the backup, size and SHA-256 (hex). */
public record BackupFile(String path, long bytes, String sha256) {}
