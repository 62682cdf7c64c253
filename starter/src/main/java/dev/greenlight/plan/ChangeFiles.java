package dev.greenlight.plan;

import dev.greenlight.workflows.plan.ChangeFile;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads an {@code apply} step's SQL files when the plan is read, relative to the plan's directory:
 * their content and SHA-256 travel in the deployment's input, so what approvers saw is what runs. A
 * problem is an {@link IllegalArgumentException} with one line for the plan error.
 */
final class ChangeFiles {

  /**
   * The SQL of one step travels in the workflow's input and its activities' (Temporal refuses
   * payloads over 2 MB).
   */
  static final long MAX_STEP_BYTES = 512 * 1024;

  /** Flyway's versioned name: {@code V<version>__<description>.sql}. */
  private static final Pattern VERSIONED = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");

  private ChangeFiles() {}

  /**
   * Every {@code V<version>__<description>.sql} of {@code written} (a directory relative to {@code
   * base}), in version order. Other {@code .sql} files and subdirectories are errors (Flyway would
   * skip a misnamed file without a word); files that are not SQL are ignored.
   */
  static List<ChangeFile> migrations(Path base, String written) {
    Path directory = base.resolve(written);
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException(
          Files.exists(directory)
              ? written + " is not a directory"
              : "directory " + written + " does not exist (relative to the plan file)");
    }
    List<Path> entries;
    try (Stream<Path> list = Files.list(directory)) {
      entries = list.sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + written + ": " + e.getMessage());
    }
    List<Versioned> found = new ArrayList<>();
    for (Path entry : entries) {
      String name = entry.getFileName().toString().replace("/", "");
      if (name.startsWith(".")) {
        continue;
      }
      String shown = written + "/" + name;
      if (Files.isDirectory(entry)) {
        throw new IllegalArgumentException(
            shown + " is a directory: migrations are read from " + written + " only");
      }
      if (!name.toLowerCase(Locale.ROOT).endsWith(".sql")) {
        continue;
      }
      Matcher match = VERSIONED.matcher(name);
      if (!match.matches()) {
        throw new IllegalArgumentException(
            shown
                + " is not named V<version>__<description>.sql (e.g. V1__add_indexes.sql);"
                + " Flyway would skip it");
      }
      List<BigInteger> version = parts(match.group(1));
      if (version.stream().allMatch(BigInteger.ZERO::equals)) {
        throw new IllegalArgumentException(
            shown + ": version 0 is reserved for the history's baseline marker");
      }
      for (Versioned other : found) {
        if (compare(other.version(), version) == 0) {
          throw new IllegalArgumentException(
              other.file().name() + " and " + name + " have the same version");
        }
      }
      found.add(new Versioned(version, read(entry, name, shown, match.group(1))));
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException(written + " holds no V<version>__<description>.sql files");
    }
    found.sort(Comparator.comparing(Versioned::version, ChangeFiles::compare));
    List<ChangeFile> files = found.stream().map(Versioned::file).toList();
    checkSize(files);
    return files;
  }

  /** One plain SQL file, {@code written} relative to {@code base}. */
  static ChangeFile sql(Path base, String written) {
    Path file = base.resolve(written);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          Files.exists(file)
              ? written + " is not a file"
              : written + " does not exist (relative to the plan file)");
    }
    if (!written.toLowerCase(Locale.ROOT).endsWith(".sql")) {
      throw new IllegalArgumentException(written + " is not a .sql file");
    }
    return read(file, written, written, null);
  }

  static void checkSize(List<ChangeFile> files) {
    long total = files.stream().mapToLong(ChangeFile::bytes).sum();
    if (total > MAX_STEP_BYTES) {
      throw new IllegalArgumentException(
          "the files come to "
              + total
              + " bytes; at most "
              + MAX_STEP_BYTES
              + " travel with a deployment (split the change, or load data another way)");
    }
  }

  private record Versioned(List<BigInteger> version, ChangeFile file) {}

  private static ChangeFile read(Path path, String name, String shown, String version) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + shown + ": " + e.getMessage());
    }
    String sql;
    try {
      sql =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(shown + " is not UTF-8 text");
    }
    if (sql.isBlank()) {
      throw new IllegalArgumentException(shown + " is empty");
    }
    return new ChangeFile(
        name, version == null ? null : version.replace('_', '.'), sha256(bytes), bytes.length, sql);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<BigInteger> parts(String version) {
    List<BigInteger> parts = new ArrayList<>();
    for (String part : version.split("[._]")) {
      parts.add(new BigInteger(part));
    }
    return parts;
  }

  /** As Flyway orders versions: part by part, a missing part counting as 0 ({@code 1 = 1.0}). */
  private static int compare(List<BigInteger> a, List<BigInteger> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
      BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
