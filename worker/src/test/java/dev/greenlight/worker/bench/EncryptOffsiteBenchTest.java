package dev.greenlight.worker.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The encrypted-backup and off-site rows on a tiny database against S3Proxy in-process: every side
 * ran (the encrypted archive decrypts to a dump, both uploads are in the bucket with the archive's
 * size), the ratios come from the timings, and the table has its shape; without an endpoint the
 * off-site row is skipped with a line that says so.
 */
class EncryptOffsiteBenchTest {

  private static final String BUCKET = "greenlight-bench";

  @RegisterExtension
  final S3ProxyExtension s3proxy =
      S3ProxyExtension.builder()
          .withBlobStoreProvider("filesystem-nio2")
          .withCredentials("access", "secret")
          .build();

  private S3Client client(URI endpoint) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret")))
        .build();
  }

  private EncryptOffsiteBench.Result run(String endpoint, StringWriter text) throws Exception {
    String database = "greenlight_benchtest_" + UUID.randomUUID().toString().substring(0, 8);
    EncryptOffsiteBench.Result result =
        EncryptOffsiteBench.run(
            new EncryptOffsiteBench.Settings(
                2,
                database,
                "jdbc:postgresql://127.0.0.1:5432",
                "postgres",
                1,
                true,
                endpoint,
                BUCKET,
                spec -> client(URI.create(spec.endpoint()))),
            new PrintWriter(text, true));
    System.out.println(text);
    return result;
  }

  @Test
  void everySideRunsAndTheTableShowsMediansAndRatios() throws Exception {
    StringWriter text = new StringWriter();

    EncryptOffsiteBench.Result result = run(s3proxy.getUri().toString(), text);

    assertThat(result.rows()).hasSize(4);
    for (Comparison row : result.rows()) {
      assertThat(row.greenlight().size()).isEqualTo(1);
      assertThat(row.raw().size()).isEqualTo(1);
      assertThat(row.greenlight().min()).isPositive();
      assertThat(row.raw().min()).isPositive();
      assertThat(row.ratio()).isEqualTo(row.greenlight().median() / row.raw().median());
      assertThat(text.toString())
          .contains(
              "| "
                  + row.measure()
                  + " | "
                  + row.greenlight().describe("%.2f", "s")
                  + " | "
                  + row.beside()
                  + ": "
                  + row.raw().describe("%.2f", "s")
                  + " | "
                  + String.format(Locale.ROOT, "%.2f×", row.ratio()));
    }
    assertThat(result.evidence().get("backup: encrypted"))
        .matches("custom format, \\d+ bytes, key \\d+, decrypts to PGDMP");
    assertThat(result.evidence().get("backup: custom")).matches("custom format, \\d+ bytes");
    assertThat(result.evidence().get("backup: directory")).matches("directory format, \\d+ bytes");

    // The last run of each side is left in the bucket: the archive, the same size on both sides.
    try (S3Client s3 = client(s3proxy.getUri())) {
      List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(BUCKET)).contents();
      List<S3Object> greenlight =
          objects.stream().filter(o -> o.key().contains("/greenlight-0/")).toList();
      List<S3Object> sdk = objects.stream().filter(o -> o.key().contains("/sdk-0/")).toList();
      assertThat(greenlight)
          .extracting(o -> o.key().replaceAll(".*/", ""))
          .containsExactlyInAnyOrder("archive.pgdump.tink", "backup.json");
      assertThat(sdk)
          .extracting(o -> o.key().replaceAll(".*/", ""))
          .containsExactly("archive.pgdump.tink");
      long archive =
          greenlight.stream()
              .filter(o -> o.key().endsWith(".tink"))
              .findFirst()
              .orElseThrow()
              .size();
      assertThat(sdk.get(0).size()).isEqualTo(archive).isPositive();
      assertThat(objects).hasSize(3); // earlier runs' objects are deleted
    }
  }

  @Test
  void withoutAnEndpointTheOffsiteRowIsSkippedWithALine() throws Exception {
    StringWriter text = new StringWriter();

    EncryptOffsiteBench.Result result = run(null, text);

    assertThat(result.rows())
        .extracting(Comparison::measure)
        .noneMatch(m -> m.contains("off-site"));
    assertThat(text.toString()).contains("off-site upload: skipped, no S3 endpoint");
  }
}
