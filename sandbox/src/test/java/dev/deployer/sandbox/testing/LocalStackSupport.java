package dev.deployer.sandbox.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/** LocalStack through Testcontainers, used only when asked for and Docker is there. */
final class LocalStackSupport {
  private LocalStackSupport() {}

  /** The endpoint of a started LocalStack, or null when no Docker engine answers. */
  static String startIfDockerAvailable() {
    try {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return null;
      }
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
    String image =
        System.getenv().getOrDefault("DEPLOYER_LOCALSTACK_IMAGE", "localstack/localstack:4.4");
    LocalStackContainer c =
        new LocalStackContainer(DockerImageName.parse(image))
            .withServices(
                LocalStackContainer.Service.IAM,
                LocalStackContainer.Service.EC2,
                LocalStackContainer.Service.S3,
                LocalStackContainer.Service.STS);
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token != null) {
      c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    c.start();
    Runtime.getRuntime().addShutdownHook(new Thread(c::stop));
    return c.getEndpoint().toString().replaceAll("/+$", "");
  }

  static void reset(String endpoint) {
    try {
      HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(endpoint + "/_localstack/state/reset"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException("cannot reset LocalStack at " + endpoint, e);
    }
  }
}
