package dev.deployer.awsfaults;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code CreateBucket} with {@code CreateBucketConfiguration.Tags}, which S3 applies with the
 * create (general purpose buckets; the caller needs {@code s3:TagResource} as well as {@code
 * s3:CreateBucket}) and moto 5.2.5 ignores: its {@code _bucket_response_put} reads only the {@code
 * LocationConstraint} of the body. The proxy completes such a create with a {@code
 * PutBucketTagging} before it answers, so a client that dies right after its create still leaves a
 * tagged bucket, as on S3.
 *
 * <p>Sources: AWS SDK {@code CreateBucketConfiguration.tags} ("You must have the s3:TagResource
 * permission to create a general purpose bucket with tags"); LocalStack 2026.3.0 {@code
 * services/s3/provider.py create_bucket}, whose tests are recorded against AWS: with tags, a bucket
 * the account already owns is refused with {@code BucketAlreadyOwnedByYou} even in us-east-1, where
 * a create without tags answers 200.
 */
final class BucketTagsOnCreate {
  // Python's \w and \s are Unicode-aware, hence UNICODE_CHARACTER_CLASS.
  private static final Pattern TAG_TEXT =
      Pattern.compile("[\\w\\s.:/=+\\-@]*", Pattern.UNICODE_CHARACTER_CLASS);

  private BucketTagsOnCreate() {}

  /**
   * The tags in a CreateBucket body, in order and as sent (a key may repeat, which S3 refuses);
   * empty when it has none (or no body).
   */
  static List<Map.Entry<String, String>> tags(String body) {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    if (body == null || !body.contains("Tags")) {
      return out;
    }
    NodeList tags;
    try {
      tags = parse(body).getElementsByTagName("Tag");
    } catch (IllegalArgumentException e) {
      return out; // the emulator answers a malformed body in its own words
    }
    for (int i = 0; i < tags.getLength(); i++) {
      Element tag = (Element) tags.item(i);
      out.add(Map.entry(text(tag, "Key"), text(tag, "Value")));
    }
    return out;
  }

  /**
   * Why S3 refuses the tag set of a create before creating anything ({@code 400 InvalidTag}), in
   * its words for CreateBucket: a key sent twice, a key with the system prefix {@code aws:}, a key
   * or value with a character outside letters, digits, white space and {@code _.:/=+-@}, or longer
   * than 128 (key) or 256 (value) characters. Sources: LocalStack 2026.3.0 {@code
   * services/s3/utils.py validate_tag_set} with {@code type_set="create-bucket"} and its {@code
   * TAG_REGEX}, called by {@code create_bucket} before its ownership check (its S3 tests are
   * recorded against AWS); the lengths from AWS's "User-defined tag restrictions" (AWS Billing user
   * guide). moto 5.2.5's PutBucketTagging checks only repeats and the prefix.
   */
  static Optional<String> refusal(List<Map.Entry<String, String>> tags) {
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> t : tags) {
      if (!seen.add(t.getKey())) {
        return Optional.of("Cannot provide multiple Tags with the same key");
      }
      if (t.getKey().startsWith("aws:")) {
        return Optional.of(
            "User-defined tag keys can't start with \"aws:\". This prefix is reserved for system"
                + " tags. Remove \"aws:\" from your tag keys and try again.");
      }
      if (t.getKey().isEmpty()
          || t.getKey().length() > 128
          || !TAG_TEXT.matcher(t.getKey()).matches()) {
        return Optional.of("The TagKey you have provided is invalid");
      }
      if (t.getValue().length() > 256 || !TAG_TEXT.matcher(t.getValue()).matches()) {
        return Optional.of("The TagValue you have provided is invalid");
      }
    }
    return Optional.empty();
  }

  /** The {@code PutBucketTagging} body for {@code tags}. */
  static byte[] taggingBody(List<Map.Entry<String, String>> tags) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>");
    tags.forEach(
        t ->
            xml.append("<Tag><Key>")
                .append(esc(t.getKey()))
                .append("</Key><Value>")
                .append(esc(t.getValue()))
                .append("</Value></Tag>"));
    xml.append("</TagSet></Tagging>");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether a {@code ListBuckets} answer names {@code bucket}. */
  static boolean lists(String listBucketsXml, String bucket) {
    NodeList names = parse(listBucketsXml).getElementsByTagName("Name");
    for (int i = 0; i < names.getLength(); i++) {
      if (bucket.equals(names.item(i).getTextContent().trim())) {
        return true;
      }
    }
    return false;
  }

  private static String text(Element parent, String child) {
    NodeList n = parent.getElementsByTagName(child);
    return n.getLength() == 0 ? "" : n.item(0).getTextContent();
  }

  private static org.w3c.dom.Document parse(String xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      // Request bodies come from the client: no DTDs, no external entities.
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setExpandEntityReferences(false);
      DocumentBuilder b = f.newDocumentBuilder();
      return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalArgumentException("not an S3 XML document: " + e.getMessage(), e);
    }
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
