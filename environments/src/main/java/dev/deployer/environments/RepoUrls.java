package dev.deployer.environments;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * A Git folder's URL must not carry a credential: it would be printed in the plan, written to state
 * and sent to the workspace, where every user who can read the Git folder sees it. Databricks
 * authenticates Git folders with the Git credential each user (or service principal) registers in
 * the workspace (Settings, Linked accounts; the Git Credentials API).
 */
final class RepoUrls {
  private RepoUrls() {}

  /**
   * Why {@code url} is refused, if it is; the message never repeats the URL or any part of what
   * precedes its '@'.
   */
  static Optional<String> credentialProblem(String url) {
    String userInfo;
    String host;
    String path;
    try {
      URI u = new URI(url);
      userInfo = u.getRawUserInfo();
      host = u.getHost();
      path = u.getRawPath();
    } catch (URISyntaxException e) {
      // Not a URI at all; whatever sits between "//" and "@" would still be a credential.
      int scheme = url.indexOf("://");
      int at = url.indexOf('@');
      int slash = scheme < 0 ? -1 : url.indexOf('/', scheme + 3);
      if (scheme >= 0 && at > scheme && (slash < 0 || at < slash)) {
        return Optional.of(refusal("a user name or token"));
      }
      return Optional.of("is not a valid URL (" + e.getReason() + ")");
    }
    if (userInfo == null || userInfo.isEmpty()) {
      return Optional.empty();
    }
    if (userInfo.contains(":")) {
      return Optional.of(refusal("a user name and password or token"));
    }
    // Azure DevOps' own clone URLs name the organisation as the user
    // (https://ORG@dev.azure.com/ORG/
    // ...): a name, not a secret.
    if ("dev.azure.com".equalsIgnoreCase(host)
        && path != null
        && path.startsWith("/" + userInfo + "/")) {
      return Optional.empty();
    }
    return Optional.of(refusal("a user name or token"));
  }

  private static String refusal(String what) {
    return "holds "
        + what
        + " before '@' (not repeated here). Remove it: the URL is printed in the plan and stored in"
        + " state and in the workspace. Databricks Git folders authenticate with the Git"
        + " credential registered in the workspace (Settings > Linked accounts, or the Git"
        + " Credentials API); if the token was committed, revoke it.";
  }
}
