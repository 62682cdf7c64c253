package dev.greenlight.activities.backup;

import java.util.regex.Pattern;

/**
 * What a child process printed, with secrets taken out before it becomes a failure reason (and so
 * the deployment's history, its status and the worker's log). A tool may print its connection
 * string when it fails; the password it was given, a URL's user-info password and any {@code
 * password=} setting are replaced by {@code ***}.
 */
final class Redaction {

  static final String MASK = "***";

  /** {@code scheme://user:password@}: the password part. */
  private static final Pattern URL_PASSWORD =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^\\s:/@]*:)[^\\s/@]*@");

  /** {@code password=secret}, {@code sslpassword='secret'}, {@code PGPASSWORD=secret}. */
  private static final Pattern PASSWORD_SETTING =
      Pattern.compile("(?i)([a-z_]*password\\s*=\\s*)('[^']*'|\"[^\"]*\"|[^\\s&;,'\"]+)");

  private Redaction() {}

  /** {@code text} with {@code password} (may be null) and password-shaped settings masked. */
  static String redact(String text, String password) {
    if (text == null) {
      return null;
    }
    String redacted = text;
    if (password != null && !password.isEmpty()) {
      redacted = redacted.replace(password, MASK);
    }
    redacted = URL_PASSWORD.matcher(redacted).replaceAll("$1" + MASK + "@");
    return PASSWORD_SETTING.matcher(redacted).replaceAll("$1" + MASK);
  }
}
