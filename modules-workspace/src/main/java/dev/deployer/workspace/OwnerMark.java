package dev.deployer.workspace;

import dev.deployer.core.spi.HandlerContext;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a workspace object that the API neither tags nor names uniquely proves it is this stack's, so
 * that a create lost to a crash (or a lost state file) is adopted only when it is provably
 * deployer's, never because someone else's object has the same name. Clusters carry two custom
 * tags; objects without tags carry a marker at the end of a free-text field (a cluster policy's
 * description, an IP access list's label). Reads take the mark off again, so it never shows as
 * drift, and every write puts it back.
 */
public final class OwnerMark {
  /** Custom tag keys: letters and underscores only, which every tagging surface accepts. */
  public static final String STACK_TAG = "deployer_stack";

  public static final String ADDRESS_TAG = "deployer_address";

  private static final String OPEN = "[deployer:";
  private static final String CLOSE = "]";

  private OwnerMark() {}

  /** The configured tags plus this stack's two ownership tags. */
  public static Map<String, String> withTags(Map<String, String> tags, HandlerContext ctx) {
    Map<String, String> out = new TreeMap<>(tags == null ? Map.of() : tags);
    out.put(STACK_TAG, ctx.stack());
    out.put(ADDRESS_TAG, ctx.address());
    return out;
  }

  /** Tags as configured: the ownership tags taken off. */
  public static Map<String, String> withoutTags(Map<String, String> tags) {
    Map<String, String> out = new TreeMap<>(tags == null ? Map.of() : tags);
    out.remove(STACK_TAG);
    out.remove(ADDRESS_TAG);
    return out;
  }

  /** Whether the tags say this stack's object at this address. */
  public static boolean tagged(Map<String, String> tags, HandlerContext ctx) {
    return tags != null
        && ctx.stack().equals(tags.get(STACK_TAG))
        && ctx.address().equals(tags.get(ADDRESS_TAG));
  }

  /**
   * A free-text field with the stack's mark at its end: {@code text [deployer:STACK]}, or the mark
   * alone for an empty text. The stack suffices with the text: within one stack the configured text
   * (a policy name's description, a list's label) already belongs to one address, which the
   * configs' validation keeps unique.
   */
  public static String marked(String text, HandlerContext ctx) {
    String mark = OPEN + ctx.stack() + CLOSE;
    return text == null || text.isEmpty() ? mark : text + " " + mark;
  }

  /** The text without a mark at its end, whoever's it is; the text itself when it has none. */
  public static String unmarked(String text) {
    return stackOf(text)
        .map(stack -> text.substring(0, markStart(text)).stripTrailing())
        .orElse(text);
  }

  /** Whether the text carries this stack's mark. */
  public static boolean marks(String text, HandlerContext ctx) {
    return stackOf(text).filter(ctx.stack()::equals).isPresent();
  }

  private static int markStart(String text) {
    return text.lastIndexOf(OPEN);
  }

  /** The stack whose mark ends the text, if any. */
  public static Optional<String> stackOf(String text) {
    if (text == null || !text.endsWith(CLOSE)) {
      return Optional.empty();
    }
    int at = markStart(text);
    if (at < 0) {
      return Optional.empty();
    }
    String stack = text.substring(at + OPEN.length(), text.length() - CLOSE.length());
    return stack.isEmpty() || stack.contains("[") ? Optional.empty() : Optional.of(stack);
  }
}
