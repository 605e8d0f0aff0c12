//go:build tools

// Package tools pins the test-cluster binaries in this module's go.mod/go.sum.
// It is never compiled; build.sh builds each of these main packages.
package tools

import (
	_ "go.etcd.io/etcd/server/v3"
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
