//go:build tools

// Package helmv3 pins the real Helm CLI v3.21.4 (helm.sh/helm/v3/cmd/helm) that drillbook's Helm tests drive
// against the test control plane; testcluster/build builds it into target/testcluster/helm3. It is a module of its
// own so that Helm's k8s.io versions neither move the control plane's (../../go.mod) nor each other's: each Helm
// is built with exactly the dependencies its release pins. Helm 4 is built from ../v4.
package helmv3

import _ "helm.sh/helm/v3/cmd/helm"
