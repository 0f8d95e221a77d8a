package dev.deployer.workspace.catalog;

import java.util.Objects;

/**
 * Unity Catalog strips the trailing slash of an external location's URL and adds one to a catalog's
 * storage root (provider #2921, #4136; the provider suppresses the diff both ways). A verbatim
 * comparison would update a location forever and, on the catalog's immutable storage root, plan a
 * force-delete, so these paths are compared without trailing slashes.
 */
final class StoragePaths {
  private StoragePaths() {}

  static String withoutTrailingSlash(String path) {
    if (path == null) {
      return null;
    }
    String p = path;
    while (p.endsWith("/") && !p.endsWith("://")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  static boolean same(String a, String b) {
    return Objects.equals(withoutTrailingSlash(a), withoutTrailingSlash(b));
  }

  /** What a read reports: the recorded spelling when the service only moved the slash. */
  static String asRecorded(String observed, String recorded) {
    return same(observed, recorded) ? recorded : observed;
  }
}
