package dev.deployer.awsfaults;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Small edits of EC2's XML answers: the top-level {@code <item>}s of a set (or a single object
 * element such as {@code <natGateway>}), and an object's own {@code <state>}, not a nested one.
 */
final class XmlItems {
  private XmlItems() {}

  /**
   * Applies {@code edit} to each top-level item inside {@code <container>}; when the container is
   * an object element rather than a set, to the container's content as a whole.
   */
  static String rewrite(String xml, String container, UnaryOperator<String> edit) {
    String open = "<" + container + ">";
    String close = "</" + container + ">";
    int start = xml.indexOf(open);
    int end = xml.lastIndexOf(close);
    if (start < 0 || end < start) {
      return xml;
    }
    int from = start + open.length();
    String inner = xml.substring(from, end);
    String edited = container.endsWith("Set") ? eachItem(inner, edit) : edit.apply(inner);
    return xml.substring(0, from) + edited + xml.substring(end);
  }

  private static String eachItem(String inner, UnaryOperator<String> edit) {
    StringBuilder out = new StringBuilder();
    int depth = 0;
    int itemStart = -1;
    int copied = 0;
    int i = 0;
    while (i < inner.length()) {
      if (inner.startsWith("<item>", i)) {
        if (depth == 0) {
          itemStart = i;
        }
        depth++;
        i += 6;
      } else if (inner.startsWith("</item>", i)) {
        depth--;
        i += 7;
        if (depth == 0 && itemStart >= 0) {
          out.append(inner, copied, itemStart);
          out.append(edit.apply(inner.substring(itemStart, i)));
          copied = i;
          itemStart = -1;
        }
      } else {
        i++;
      }
    }
    out.append(inner.substring(copied));
    return out.toString();
  }

  /**
   * Replaces the object's own {@code <state>} (outside nested items and sets) with {@code pending}
   * in the same letter case, when it is one of {@code from}.
   */
  static String replaceOwnState(String item, Set<String> from) {
    int depth = 0;
    int i = item.startsWith("<item>") ? 6 : 0;
    while (i < item.length()) {
      if (item.startsWith("<item>", i)) {
        depth++;
        i += 6;
      } else if (item.startsWith("</item>", i)) {
        depth--;
        i += 7;
      } else if (depth == 0 && item.startsWith("<state>", i)) {
        int valueStart = i + 7;
        int valueEnd = item.indexOf("</state>", valueStart);
        if (valueEnd < 0) {
          return item;
        }
        String value = item.substring(valueStart, valueEnd).trim();
        if (!from.contains(value)) {
          return item;
        }
        String pending = Character.isUpperCase(value.charAt(0)) ? "Pending" : "pending";
        return item.substring(0, valueStart) + pending + item.substring(valueEnd);
      } else {
        i++;
      }
    }
    return item;
  }
}
