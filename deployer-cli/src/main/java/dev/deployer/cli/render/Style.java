package dev.deployer.cli.render;

import picocli.CommandLine.Help.Ansi;

/** Colour through picocli's ANSI support, off with --no-color, NO_COLOR or a non-terminal. */
public final class Style {
  private final Ansi ansi;

  public Style(boolean noColor) {
    boolean off = noColor || System.getenv("NO_COLOR") != null;
    this.ansi = off ? Ansi.OFF : Ansi.AUTO;
  }

  public static Style plain() {
    return new Style(true);
  }

  private String paint(String style, String text) {
    if (text.isEmpty()) {
      return text;
    }
    // picocli markup: @|green text|@ ; escape the markup characters in the text itself.
    return ansi.string("@|" + style + " " + text.replace("|@", "| @") + "|@");
  }

  public String green(String s) {
    return paint("green", s);
  }

  public String red(String s) {
    return paint("red", s);
  }

  public String yellow(String s) {
    return paint("yellow", s);
  }

  public String cyan(String s) {
    return paint("cyan", s);
  }

  public String bold(String s) {
    return paint("bold", s);
  }

  public String faint(String s) {
    return paint("faint", s);
  }
}
