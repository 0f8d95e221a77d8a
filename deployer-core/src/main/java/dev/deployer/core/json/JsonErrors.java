package dev.deployer.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jackson's errors in the user's terms: the JSON path of the field ({@code $.resources[3].status})
 * and what is wrong with its value, never Jackson's "(through reference chain: ...)", its source
 * descriptions or the Java classes a document binds to. Every reader of a user-facing file (config,
 * state, plan, Terraform state) words its errors through here.
 */
public final class JsonErrors {
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");

  private JsonErrors() {}

  /** The field's JSON path, {@code $.a.b[1]}; empty when the error is not about one field. */
  public static String field(Throwable e) {
    if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("$");
    for (JsonMappingException.Reference ref : m.getPath()) {
      if (ref.getFieldName() != null) {
        sb.append('.').append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** What is wrong, in words, without the field (see {@link #field}). */
  public static String reason(Throwable e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "is not a known field";
    }
    if (e instanceof InvalidFormatException f) {
      return "'" + f.getValue() + "' is not " + kind(f.getTargetType());
    }
    if (e instanceof ValueInstantiationException v && v.getCause() != null) {
      return ownMessage(v.getCause());
    }
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      String found = found(m.getOriginalMessage());
      return "expected " + kind(m.getTargetType()) + (found == null ? "" : ", found " + found);
    }
    if (e instanceof JsonParseException || e instanceof StreamReadException) {
      JsonLocation loc = ((JsonProcessingException) e).getLocation();
      String where =
          loc == null || loc.getLineNr() < 0
              ? ""
              : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      return "malformed JSON"
          + where
          + ": "
          + plain(((JsonProcessingException) e).getOriginalMessage());
    }
    if (e instanceof JsonProcessingException j) {
      return plain(j.getOriginalMessage());
    }
    return ownMessage(e);
  }

  /** {@code $.field: reason}, or the reason alone when no field is concerned. */
  public static String describe(Throwable e) {
    String field = field(e);
    return field.isEmpty() ? reason(e) : field + ": " + reason(e);
  }

  // A validation message thrown by a record's constructor: ours, already in plain words.
  private static String ownMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof JsonProcessingException j && root != e) {
      return reason(j);
    }
    String m = root.getMessage();
    return m == null ? "is not valid" : plain(m);
  }

  /** What kind of JSON value a Java type takes, in words. */
  private static String kind(Class<?> type) {
    if (type == null) {
      return "a valid value";
    }
    if (type == String.class || type == Character.class || type == char.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != void.class)) {
      return "a number";
    }
    if (type.isEnum()) {
      StringBuilder values = new StringBuilder();
      for (Object c : type.getEnumConstants()) {
        values.append(values.length() == 0 ? "" : ", ").append(c);
      }
      return "one of " + values;
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a valid value";
  }

  /** The JSON value Jackson met, from its "from Array value (token ...)" wording. */
  private static String found(String message) {
    if (message == null) {
      return null;
    }
    String m = message.toLowerCase(java.util.Locale.ROOT);
    if (m.contains("start_array") || m.contains("from array")) {
      return "an array";
    }
    if (m.contains("start_object") || m.contains("from object")) {
      return "an object";
    }
    if (m.contains("value_string") || m.contains("from string")) {
      return "a string";
    }
    if (m.contains("value_number") || m.contains("from number") || m.contains("from integer")) {
      return "a number";
    }
    if (m.contains("value_true") || m.contains("value_false") || m.contains("from boolean")) {
      return "true or false";
    }
    if (m.contains("value_null") || m.contains("null")) {
      return "null";
    }
    return null;
  }

  /**
   * Jackson's text without what only a Java reader understands: the reference chain, the source
   * description and class names in backticks (shortened to their simple names' words).
   */
  static String plain(String message) {
    if (message == null) {
      return "";
    }
    String m = message;
    int chain = m.indexOf(" (through reference chain:");
    if (chain >= 0) {
      m = m.substring(0, chain);
    }
    int source = m.indexOf("\n at [Source:");
    if (source >= 0) {
      m = m.substring(0, source);
    }
    Matcher b = BACKTICKED.matcher(m);
    StringBuilder out = new StringBuilder();
    while (b.find()) {
      String inner = b.group(1);
      String replacement =
          inner.contains(".") && !inner.contains(" ") ? simple(inner) : "'" + inner + "'";
      b.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    b.appendTail(out);
    return out.toString().trim();
  }

  private static String simple(String name) {
    if (name.startsWith("JsonToken.")) {
      return name.substring("JsonToken.".length())
          .toLowerCase(java.util.Locale.ROOT)
          .replace('_', ' ');
    }
    try {
      return kind(Class.forName(name, false, JsonErrors.class.getClassLoader()));
    } catch (ClassNotFoundException | LinkageError e) {
      return "a value";
    }
  }
}
