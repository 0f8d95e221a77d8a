package dev.deployer.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A SCIM list answer, one page of it, as Databricks pages: {@code startIndex} is 1-based (below 1
 * reads as 1), {@code count} defaults to 10,000, the default the SDKs' request models document
 * ("Desired number of results per page. Default is 10000.") and databricks-sdk-java 0.141.0 sends
 * (AccountUsersAPI.list), and a larger count is answered with at most that many, which RFC 7644
 * section 3.4.2.4 allows. That 10,000 is also the service's upper bound is not confirmed.
 */
final class ScimPages {
  static final int MAX_PAGE = 10_000;

  private ScimPages() {}

  static ObjectNode page(HttpReq q, List<ObjectNode> all) {
    int start = Math.max(1, number(q.query("startIndex"), 1));
    int count = Math.min(MAX_PAGE, Math.max(0, number(q.query("count"), MAX_PAGE)));
    int from = Math.min(all.size(), start - 1);
    int to = Math.min(all.size(), from + count);
    ObjectNode out = Json.obj();
    out.putArray("schemas").add(IdentityApi.LIST_SCHEMA);
    out.put("totalResults", all.size()).put("startIndex", start).put("itemsPerPage", to - from);
    out.set("Resources", Json.visibleAll(all.subList(from, to)));
    return out;
  }

  private static int number(String v, int dflt) {
    try {
      return v == null ? dflt : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Not a number: " + v);
    }
  }
}
