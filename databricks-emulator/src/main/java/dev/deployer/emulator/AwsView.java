package dev.deployer.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the emulator asks the AWS side, as the real control plane would. {@link #NONE} when no AWS
 * endpoint is configured: then nothing is checked and nothing is known (no AZs, no creation dates).
 */
interface AwsView {
  record Role(Instant created, String trustPolicy) {}

  record Subnet(String id, String vpcId, String availabilityZone) {}

  boolean enabled();

  Optional<Role> role(String roleArn);

  boolean bucketExists(String bucket);

  boolean vpcExists(String vpcId);

  /** The subnets that exist, by id; missing ones are absent. */
  Map<String, Subnet> subnets(List<String> ids);

  /** Security group id -> VPC id, for the groups that exist. */
  Map<String, String> securityGroups(List<String> ids);

  AwsView NONE =
      new AwsView() {
        @Override
        public boolean enabled() {
          return false;
        }

        @Override
        public Optional<Role> role(String roleArn) {
          return Optional.empty();
        }

        @Override
        public boolean bucketExists(String bucket) {
          return true;
        }

        @Override
        public boolean vpcExists(String vpcId) {
          return true;
        }

        @Override
        public Map<String, Subnet> subnets(List<String> ids) {
          return Map.of();
        }

        @Override
        public Map<String, String> securityGroups(List<String> ids) {
          return Map.of();
        }
      };
}
