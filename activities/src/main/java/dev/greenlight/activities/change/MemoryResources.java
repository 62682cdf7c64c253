package dev.greenlight.activities.change;

import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * Flyway's migrations from memory: the one file the workflow passed in, under its Flyway name. No
 * file on the worker's disk is ever read.
 */
final class MemoryResources implements ResourceProvider {

  private final Script script;

  MemoryResources(String filename, String sql) {
    this.script = new Script(filename, sql);
  }

  @Override
  public LoadableResource getResource(String name) {
    return name.equals(script.getFilename()) ? script : null;
  }

  @Override
  public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
    String name = script.getFilename();
    boolean matches = name.startsWith(prefix) && Arrays.stream(suffixes).anyMatch(name::endsWith);
    return matches ? List.of(script) : List.of();
  }

  private static final class Script extends LoadableResource {

    private final String filename;
    private final String sql;

    Script(String filename, String sql) {
      this.filename = filename;
      this.sql = sql;
    }

    @Override
    public Reader read() {
      return new StringReader(sql);
    }

    @Override
    public String getAbsolutePath() {
      return filename;
    }

    @Override
    public String getAbsolutePathOnDisk() {
      return filename;
    }

    @Override
    public String getFilename() {
      return filename;
    }

    @Override
    public String getRelativePath() {
      return filename;
    }
  }
}
