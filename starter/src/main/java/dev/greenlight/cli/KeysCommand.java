package dev.greenlight.cli;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dev.greenlight.client.ExitCode;
import dev.greenlight.client.GreenlightException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "keys",
    description = {
      "Tink keysets for encrypted backups (backup: { encrypt: { keyset: ENV_NAME } }).",
      "The keyset is printed for you to store as a secret; Greenlight keeps no copy."
    },
    subcommands = {KeysCommand.NewKeyset.class, KeysCommand.Rotate.class, KeysCommand.Ids.class})
class KeysCommand implements Runnable {

  /** AES-256-GCM-HKDF streaming AEAD, 1 MiB segments: what encrypted backups use. */
  static final String TEMPLATE = "AES256_GCM_HKDF_1MB";

  @Spec CommandSpec spec;

  /**
   * Registers Tink's streaming AEAD (idempotent). Called by the commands that use Tink, not in a
   * static initialiser: building the command line's model must not load Tink for other commands.
   */
  static void registerTink() {
    try {
      StreamingAeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot register Tink's streaming AEAD", e);
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where an existing keyset is read from: a variable, a file, or standard input. */
  static class Source {
    @Option(
        names = "--keyset-env",
        paramLabel = "NAME",
        description = "Read the keyset from this environment variable.")
    String variable;

    @Option(names = "--file", paramLabel = "PATH", description = "Read the keyset from a file.")
    Path file;

    KeysetHandle read(InputStream stdin) {
      registerTink();
      String json;
      String where;
      try {
        if (variable != null) {
          json = System.getenv(variable);
          where = "environment variable " + variable;
          if (json == null || json.isBlank()) {
            throw new GreenlightException(ExitCode.USAGE, where + " is not set");
          }
        } else if (file != null) {
          json = Files.readString(file, StandardCharsets.UTF_8);
          where = file.toString();
        } else {
          json = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
          where = "standard input";
        }
      } catch (IOException e) {
        throw new GreenlightException(ExitCode.USAGE, "cannot read the keyset: " + e.getMessage());
      }
      try {
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
      } catch (GeneralSecurityException | RuntimeException e) {
        throw new GreenlightException(ExitCode.USAGE, where + " holds no Tink keyset (JSON)");
      }
    }
  }

  @Command(
      name = "new",
      description = "Print a new keyset with one " + TEMPLATE + " key; store it as a secret.")
  static class NewKeyset implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws GeneralSecurityException {
      registerTink();
      KeysetHandle keyset =
          KeysetHandle.generateNew(PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB);
      spec.commandLine().getOut().println(serialize(keyset));
      spec.commandLine()
          .getErr()
          .println(
              "new keyset, primary key "
                  + id(keyset.getPrimary())
                  + " ("
                  + TEMPLATE
                  + "); store it as a secret the worker reads, e.g. GREENLIGHT_BACKUP_KEYSET");
      return 0;
    }
  }

  @Command(
      name = "rotate",
      description = {
        "Print the keyset with one more key, the new primary: new backups use it,",
        "backups taken with the older keys still verify and restore. Store it in place of the old."
      })
  static class Rotate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source = new Source();

    @Override
    public Integer call() throws GeneralSecurityException {
      KeysetHandle old = source.read(System.in);
      KeysetHandle.Builder builder = KeysetHandle.newBuilder(old);
      builder.addEntry(
          KeysetHandle.generateEntryFromParameters(
                  PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB)
              .withRandomId()
              .makePrimary());
      KeysetHandle rotated = builder.build();
      spec.commandLine().getOut().println(serialize(rotated));
      spec.commandLine()
          .getErr()
          .println(
              "added key "
                  + id(rotated.getPrimary())
                  + " as the primary; kept "
                  + String.join(", ", ids(old))
                  + " so older backups still restore");
      return 0;
    }
  }

  @Command(name = "ids", description = "List the key ids of a keyset, the primary marked.")
  static class Ids implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source = new Source();

    @Override
    public Integer call() {
      KeysetHandle keyset = source.read(System.in);
      PrintWriter out = spec.commandLine().getOut();
      for (int i = 0; i < keyset.size(); i++) {
        KeysetHandle.Entry entry = keyset.getAt(i);
        out.println(id(entry) + (entry.isPrimary() ? " primary" : "") + " " + entry.getStatus());
      }
      return 0;
    }
  }

  static String serialize(KeysetHandle keyset) throws GeneralSecurityException {
    return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
  }

  /** Key ids as the backup manifests show them: unsigned decimal. */
  static String id(KeysetHandle.Entry entry) {
    return Integer.toUnsignedString(entry.getId());
  }

  static List<String> ids(KeysetHandle keyset) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < keyset.size(); i++) {
      ids.add(id(keyset.getAt(i)));
    }
    return ids;
  }
}
