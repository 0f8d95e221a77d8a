#!/usr/bin/env bash
# Regenerates the Terraform state fixtures in ../reference (see ../README.md). Needs Terraform 1.x,
# the AWS provider 5.100.0 in a local plugin mirror (TF_PLUGIN_MIRROR, default /opt/tf-plugins) and
# a moto server (MOTO_ENDPOINT, default http://127.0.0.1:25052). CI never runs this.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/../reference"
ENDPOINT="${MOTO_ENDPOINT:-http://127.0.0.1:25052}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat > "$WORK/tfrc" <<RC
provider_installation {
  filesystem_mirror {
    path    = "${TF_PLUGIN_MIRROR:-/opt/tf-plugins}"
    include = ["registry.terraform.io/hashicorp/aws"]
  }
  direct { exclude = ["registry.terraform.io/hashicorp/aws"] }
}
RC
export TF_CLI_CONFIG_FILE="$WORK/tfrc"
for root in dev logging; do
  cp -r "$HERE/$root" "$WORK/$root"
  (cd "$WORK/$root" && terraform init -input=false -no-color >/dev/null &&
    terraform apply -auto-approve -input=false -no-color -var "endpoint=$ENDPOINT" \
      $([ "$root" = dev ] && echo "-var workspace_id=3141592653589793") >/dev/null)
done
mkdir -p "$OUT/databricks_dev" "$OUT/common_infrastructure/logging" "$OUT/common_infrastructure/unity_catalog"
python3 "$HERE/databricks_instances.py" dev "$WORK/dev/terraform.tfstate" "$OUT/databricks_dev/terraform.tfstate"
python3 "$HERE/databricks_instances.py" logging "$WORK/logging/terraform.tfstate" \
  "$OUT/common_infrastructure/logging/terraform.tfstate"
python3 "$HERE/databricks_instances.py" unity_catalog - "$OUT/common_infrastructure/unity_catalog/terraform.tfstate"
echo "Wrote $OUT"
