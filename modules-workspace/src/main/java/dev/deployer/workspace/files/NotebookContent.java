package dev.deployer.workspace.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The fingerprint of a notebook's source: SHA-256 of the text after the normalisation an export
 * applies (the "Databricks notebook source" header line, CRLF line ends, trailing blank lines), so
 * a local file and its exported copy have the same fingerprint and only a real edit is drift.
 */
public final class NotebookContent {
  private static final Pattern HEADER =
      Pattern.compile("\\A(#|--|//)\\s*Databricks notebook source[ \\t]*\\n");

  private NotebookContent() {}

  public static String sha256(byte[] content) {
    String text = new String(content, StandardCharsets.UTF_8).replace("\r\n", "\n");
    text = HEADER.matcher(text).replaceFirst("");
    text = text.replaceFirst("\\s+\\z", "");
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read notebook source " + file + ": " + e.getMessage(), e);
    }
  }

  public static String sha256(Path file) {
    return sha256(read(file));
  }
}
