package dev.greenlight.cli;

import dev.greenlight.worker.bench.EncryptOffsiteBench;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(
    name = "encrypt-offsite",
    description = {
      "Backups at rest and off-site on the local PostgreSQL, interleaved: the encrypted backup step",
      "beside the unencrypted one in the same (custom) format and beside the unencrypted default",
      "(directory); the off-site copy of the encrypted archive beside the AWS SDK's own upload of",
      "the same file to the same endpoint (given with --s3-endpoint; skipped without it)."
    })
class EncryptOffsiteBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BenchRowOptions options;

  @Option(
      names = "--s3-endpoint",
      description =
          "S3 endpoint URL (http or https) for the off-site row, e.g. a MinIO or S3Proxy;"
              + " credentials from the AWS SDK's default chain. Without it the row is skipped.")
  String endpoint;

  @Option(
      names = "--s3-bucket",
      defaultValue = "greenlight-bench",
      description = "Bucket for the off-site row, made if missing (default: ${DEFAULT-VALUE}).")
  String bucket;

  @Override
  public Integer call() throws Exception {
    options.check();
    if (endpoint != null) {
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null
          || uri.getHost() == null
          || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new ParameterException(
            spec.commandLine(), "--s3-endpoint must be an http or https URL, found " + endpoint);
      }
    }
    EncryptOffsiteBench.run(
        new EncryptOffsiteBench.Settings(
            options.size,
            options.databaseName(),
            options.database.server,
            options.database.user,
            options.runs,
            options.drop,
            endpoint,
            bucket,
            null),
        spec.commandLine().getOut());
    return 0;
  }
}
