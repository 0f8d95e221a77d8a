package dev.deployer.cli.doctor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deployer.cloud.AwsClients;
import dev.deployer.core.DeployerException;
import dev.deployer.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Service Quotas' {@code GetServiceQuota} (the applied value of a quota, raised or not). The SDK's
 * servicequotas module does not resolve from this project's package source, so the one read call is
 * made by hand: JSON 1.1 over the SDK's own HTTP client, signed with the SDK's SigV4 signer.
 */
final class ServiceQuotas {
  private final AwsClients aws;

  ServiceQuotas(AwsClients aws) {
    this.aws = aws;
  }

  /** The quota's value, or empty when Service Quotas does not know it (NoSuchResourceException). */
  OptionalDouble value(String serviceCode, String quotaCode) {
    String body =
        Json.mapper()
            .createObjectNode()
            .put("ServiceCode", serviceCode)
            .put("QuotaCode", quotaCode)
            .toString();
    URI endpoint =
        aws.settings()
            .effectiveEndpoint()
            .orElse(URI.create("https://servicequotas." + aws.region() + ".amazonaws.com"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    SdkHttpFullRequest unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(endpoint.resolve("/"))
            .putHeader("Content-Type", "application/x-amz-json-1.1")
            .putHeader("X-Amz-Target", "ServiceQuotasV20190624.GetServiceQuota")
            .build();
    AwsCredentials creds = aws.credentialsProvider().resolveCredentials();
    SignedRequest signed =
        AwsV4HttpSigner.create()
            .sign(
                r ->
                    r.identity(creds)
                        .request(unsigned)
                        .payload(ContentStreamProvider.fromByteArray(bytes))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "servicequotas")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, aws.region()));
    SdkHttpRequest request = signed.request();
    aws.recordCall("service quotas");
    try {
      HttpExecuteResponse resp =
          aws.httpClient()
              .prepareRequest(
                  HttpExecuteRequest.builder()
                      .request(request)
                      .contentStreamProvider(signed.payload().orElse(null))
                      .build())
              .call();
      String text;
      if (resp.responseBody().isPresent()) {
        try (InputStream in = resp.responseBody().get()) {
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        text = "";
      }
      JsonNode json =
          text.isBlank() ? Json.mapper().createObjectNode() : Json.mapper().readTree(text);
      int status = resp.httpResponse().statusCode();
      if (status / 100 == 2) {
        JsonNode v = json.path("Quota").path("Value");
        return v.isNumber() ? OptionalDouble.of(v.asDouble()) : OptionalDouble.empty();
      }
      String type = json.path("__type").asText("");
      if (type.endsWith("NoSuchResourceException")) {
        return OptionalDouble.empty();
      }
      throw new DeployerException(
          "Service Quotas answered "
              + status
              + (type.isEmpty() ? "" : " " + type.replaceFirst(".*#", ""))
              + ": "
              + json.path("message").asText(json.path("Message").asText(text)));
    } catch (IOException e) {
      throw new DeployerException("Service Quotas did not answer: " + e.getMessage(), e);
    }
  }
}
