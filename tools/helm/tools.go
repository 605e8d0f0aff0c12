//go:build tools

// Package tools pins helm in this module's go.mod/go.sum. It is never compiled; build.sh builds
// helm's main package.
package tools

import (
	_ "helm.sh/helm/v3/cmd/helm"
)
