package dev.greenlight.plan;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords have no place in a plan: a plan is a workflow input, kept in Temporal's history and
 * shown in its UI. The password is named by {@code database.passwordEnv} and read on the worker.
 */
public final class Secrets {

  static final String NO_PASSWORD =
      "must not carry a password or other credentials; they are read on the worker (database.passwordEnv, the AWS credential chain)";

  /**
   * {@code password=}, {@code sslpassword=}, {@code PGPASSWORD=}: a password given as a setting.
   */
  private static final Pattern PASSWORD_SETTING = Pattern.compile("(?i)[a-z_]*password\\s*=");

  /** Something that looks like a URL with an authority: {@code scheme://…}. */
  private static final Pattern URL = Pattern.compile("(?i)[a-z][a-z0-9+.-]*://[^\\s\"'<>]*");

  /** pgjdbc logs a malformed URL through java.util.logging; the plan's own error says enough. */
  private static final Logger PGJDBC = Logger.getLogger("org.postgresql");

  private Secrets() {}

  /** Why {@code text} may not stand in a plan, or null: a password setting or a URL's password. */
  static String problem(String text) {
    if (PASSWORD_SETTING.matcher(text).find()) {
      return NO_PASSWORD;
    }
    Matcher url = URL.matcher(text);
    while (url.find()) {
      String userInfo = userInfo(url.group());
      if (userInfo != null && userInfo.contains(":")) {
        return NO_PASSWORD;
      }
    }
    return null;
  }

  /**
   * Why {@code url} is not a JDBC URL a plan may hold, or null: it must be one pgjdbc reads, with
   * no user or password before {@code @} and no password parameter.
   */
  public static String jdbcProblem(String url) {
    String shown = YamlNode.shown(url);
    if (!url.startsWith("jdbc:postgresql:")) {
      return "expected a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), found "
          + shown;
    }
    String userInfo = userInfo(url.substring("jdbc:".length()));
    if (userInfo != null) {
      return userInfo.contains(":")
          ? NO_PASSWORD
          : "must not carry a user before '@'; name the user in database.user";
    }
    Properties properties = parse(url);
    if (properties == null) {
      return "not a valid PostgreSQL JDBC URL (jdbc:postgresql://host:port/database), found "
          + shown;
    }
    for (String name : properties.stringPropertyNames()) {
      if (name.toLowerCase(Locale.ROOT).contains("password")) {
        return NO_PASSWORD;
      }
    }
    return null;
  }

  /** The raw user-info of a {@code scheme://user:password@host/…} URL, or null when it has none. */
  private static String userInfo(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getRawUserInfo() != null) {
        return uri.getRawUserInfo();
      }
      String authority = uri.getRawAuthority();
      return authority != null && authority.contains("@")
          ? authority.substring(0, authority.lastIndexOf('@'))
          : null;
    } catch (URISyntaxException e) {
      // Not a URL java.net.URI reads (a multi-host JDBC URL, say): look at its authority by hand.
      int separator = url.indexOf("://");
      if (separator < 0) {
        return null;
      }
      int start = separator + 3;
      int end = start;
      while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
        end++;
      }
      String authority = url.substring(start, end);
      return authority.contains("@") ? authority.substring(0, authority.lastIndexOf('@')) : null;
    }
  }

  private static Properties parse(String url) {
    synchronized (PGJDBC) {
      Level level = PGJDBC.getLevel();
      PGJDBC.setLevel(Level.OFF);
      try {
        return org.postgresql.Driver.parseURL(url, null);
      } catch (RuntimeException e) {
        return null;
      } finally {
        PGJDBC.setLevel(level);
      }
    }
  }
}
