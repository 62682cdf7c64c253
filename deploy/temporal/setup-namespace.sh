#!/bin/sh
# Creates the namespace and registers Greenlight's search attributes in it, once; running it again
# changes nothing. Keep the list in step with DeploymentSearchAttributes (a test checks it).
set -eu
address="$TEMPORAL_ADDRESS"
namespace="${NAMESPACE:-default}"
until temporal operator cluster health --address "$address"; do
  echo "greenlight: waiting for Temporal at $address"
  sleep 3
done
temporal operator namespace describe --namespace "$namespace" --address "$address" >/dev/null 2>&1 \
  || temporal operator namespace create --namespace "$namespace" --retention 30d --address "$address"
existing=$(temporal operator search-attribute list --namespace "$namespace" --address "$address")
register() {
  if echo "$existing" | grep -q "$1"; then
    echo "greenlight: search attribute $1 exists"
  else
    temporal operator search-attribute create --namespace "$namespace" --address "$address" --name "$1" --type "$2"
  fi
}
register GreenlightRelease Keyword
register GreenlightEnvironment Keyword
register GreenlightState Keyword
register GreenlightStep Keyword
register GreenlightStartedBy Keyword
register GreenlightAwaiting KeywordList
echo "greenlight: namespace $namespace ready"
