#!/bin/sh
# One-shot: creates the namespace and registers the onboarding search attributes (run by temporal-namespace).
# Idempotent: existing namespace and attributes are left alone.
set -eu
ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"

echo "waiting for Temporal at ${ADDRESS}"
attempt=0
until temporal operator cluster health --address "$ADDRESS" >/dev/null 2>&1; do
  attempt=$((attempt + 1))
  if [ "$attempt" -ge 60 ]; then echo "Temporal did not become healthy"; exit 1; fi
  sleep 2
done

temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1 \
  || temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention 30d

existing="$(temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE")"
for attribute in OnboardingStatus:Keyword OnboardingStep:Keyword OnboardingNameTokens:KeywordList OnboardingStartDate:Datetime OnboardingAttentionSince:Datetime; do
  name="${attribute%%:*}"
  type="${attribute#*:}"
  if echo "$existing" | grep -qw "$name"; then
    echo "search attribute ${name} already registered"
  else
    temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" --name "$name" --type "$type"
  fi
done
echo "namespace ${NAMESPACE} is ready"
