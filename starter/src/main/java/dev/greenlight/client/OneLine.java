package dev.greenlight.client;

/**
 * Text fit for a one-line message: control characters (a newline could forge a second line, an
 * escape sequence could repaint the terminal), line and paragraph separators and invisible
 * formatting characters (bidirectional overrides) are shown escaped, as {@code \n} or {@code
 * \\u001b}.
 */
public final class OneLine {

  private OneLine() {}

  public static String of(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder shown = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = escape(c);
      if (escape != null && shown == null) {
        shown = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (shown != null) {
        if (escape == null) {
          shown.append(c);
        } else {
          shown.append(escape);
        }
      }
    }
    return shown == null ? text : shown.toString();
  }

  /** Whether {@code c} would be shown escaped. */
  public static boolean isControl(char c) {
    return escape(c) != null;
  }

  private static String escape(char c) {
    switch (c) {
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      default:
        break;
    }
    int type = Character.getType(c);
    if (type == Character.CONTROL
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR
        || type == Character.FORMAT) {
      return String.format("\\u%04x", (int) c);
    }
    return null;
  }
}
