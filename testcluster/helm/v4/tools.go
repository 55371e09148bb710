//go:build tools

// Package helmv4 pins the real Helm CLI v4.3.2 (helm.sh/helm/v4/cmd/helm) that drillbook's Helm tests drive
// against the test control plane; testcluster/build builds it into target/testcluster/helm. It is a module of its
// own so that Helm's k8s.io versions neither move the control plane's (../../go.mod) nor each other's: each Helm
// is built with exactly the dependencies its release pins. Helm 3 is built from ../v3.
package helmv4

import _ "helm.sh/helm/v4/cmd/helm"
