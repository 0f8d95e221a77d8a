package dev.deployer.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deployer.sandbox.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Doctor simulates the actions in {@link IamActions}: every AWS operation a handler calls must be
 * there, or doctor would pass an identity that the apply then fails on.
 */
class IamActionsTest {
  private static final Pattern CALL =
      Pattern.compile("\\b(ec2|iam|s3|sts)(?:\\(\\))?\\s*\\.\\s*([a-z]\\w+)\\s*\\(");
  private static final Set<String> NOT_CALLS = Set.of("close", "MeRequest");

  static Set<String> calledByHandlers() throws IOException {
    Set<String> out = new TreeSet<>();
    Path root = ProjectPaths.root();
    for (String module :
        List.of("modules-cloud", "modules-account", "modules-workspace", "common-infrastructure")) {
      try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
        for (Path f :
            files
                .filter(p -> p.toString().endsWith(".java"))
                // The S3 state backend's bucket is the team's, not the stack's (docs/teams.md).
                .filter(p -> !p.toString().contains("/cloud/state/"))
                .toList()) {
          Matcher m = CALL.matcher(Files.readString(f));
          while (m.find()) {
            String op = m.group(2).replaceFirst("Paginator$", "");
            if (NOT_CALLS.contains(op)) {
              continue;
            }
            String name = Character.toUpperCase(op.charAt(0)) + op.substring(1);
            if (m.group(1).equals("s3")) {
              name = IamActions.s3ActionOf(name);
            }
            out.add(m.group(1) + ":" + name);
          }
        }
      }
    }
    return out;
  }

  @Test
  void everyAwsOperationAHandlerCalls_isAnActionDoctorSimulates() throws IOException {
    Set<String> called = calledByHandlers();
    assertThat(called).contains("ec2:CreateNatGateway", "iam:CreateRole", "s3:CreateBucket");
    assertThat(IamActions.all()).containsAll(called);
    // Not an operation's name: a CreateBucket with tags needs it (BucketHandler.create).
    assertThat(IamActions.all()).contains("s3:TagResource");
  }

  @Test
  void theProviderCodesOfTheSdk_readAsWords() {
    assertThat(AwsChecks.providerWords("g")).contains("environment variables");
    assertThat(AwsChecks.providerWords("e")).contains("static keys");
    assertThat(AwsChecks.providerWords("n,r"))
        .contains("a profile of ~/.aws via IAM Identity Center");
  }
}
