package dev.deployer.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.regex.Pattern;

/**
 * Values that are only known after apply (the id of a resource not created yet). At plan time a
 * reference to such a value resolves to a marker string; diffs treat a marker as a change and the
 * plan shows it as {@code (known after apply)}.
 */
public final class Unknown {
  private static final char MARK = '\u2063';
  private static final Pattern TOKEN = Pattern.compile(MARK + "unknown:[^" + MARK + "]*" + MARK);
  public static final String DISPLAY = "(known after apply)";

  private Unknown() {}

  public static String of(Ref ref) {
    return MARK + "unknown:" + ref + MARK;
  }

  public static boolean in(String value) {
    return value != null && value.indexOf(MARK) >= 0;
  }

  public static boolean in(JsonNode node) {
    if (node == null) {
      return false;
    }
    if (node.isTextual()) {
      return in(node.textValue());
    }
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
      if (in(it.next())) {
        return true;
      }
    }
    return false;
  }

  /** The text with every marker replaced by {@code (known after apply)}. */
  public static String render(String value) {
    return value == null ? null : TOKEN.matcher(value).replaceAll(DISPLAY);
  }

  /** True when the whole value is one marker. */
  public static boolean isWhole(String value) {
    return value != null && TOKEN.matcher(value).matches();
  }
}
