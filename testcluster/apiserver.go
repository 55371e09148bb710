package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
	"k8s.io/component-base/version"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

// auditPolicy records every request at Metadata level: who did which verb on which resource. The RBAC tests read it
// to prove that drillbook's requests are all covered by ApiPermissions.DRILL.
const auditPolicy = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: Metadata
`

func apiServerArgs(o options, p clusterPorts, pki clusterPKI) ([]string, error) {
	args := []string{
		"--etcd-servers=" + fmt.Sprintf("http://127.0.0.1:%d", p.EtcdClient),
		"--secure-port=" + strconv.Itoa(p.API),
		"--bind-address=127.0.0.1",
		"--advertise-address=127.0.0.1",
		"--cert-dir=" + filepath.Join(o.dir, "certs"),
		"--tls-cert-file=" + pki.ServingCert,
		"--tls-private-key-file=" + pki.ServingKey,
		"--client-ca-file=" + pki.CACert,
		"--authorization-mode=RBAC",
		"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
		"--service-account-key-file=" + pki.ServiceAccountKey,
		"--service-account-signing-key-file=" + pki.ServiceAccountKey,
		"--service-account-max-token-expiration=8760h",
		"--service-cluster-ip-range=10.0.0.0/24",
		"--endpoint-reconciler-type=none",
		// No ServiceAccount controller runs, so no namespace has a "default" ServiceAccount for pods to name.
		"--disable-admission-plugins=ServiceAccount",
		"--allow-privileged=true",
		"--kubelet-certificate-authority=" + pki.CACert,
		"--kubelet-client-certificate=" + pki.AdminCert,
		"--kubelet-client-key=" + pki.AdminKey,
		"--kubelet-preferred-address-types=InternalIP",
		"--profiling=false",
	}
	if o.auditLog {
		policy := filepath.Join(o.dir, "audit-policy.yaml")
		if err := os.WriteFile(policy, []byte(auditPolicy), 0o600); err != nil {
			return nil, err
		}
		args = append(args, "--audit-policy-file="+policy, "--audit-log-path="+filepath.Join(o.dir, "audit.log"),
			"--audit-log-format=json", "--audit-log-mode=blocking")
	}
	return args, nil
}

// startAPIServer runs the real kube-apiserver command in this process; the channel yields when it stops.
func startAPIServer(o options, p clusterPorts, pki clusterPKI) (<-chan error, error) {
	args, err := apiServerArgs(o, p, pki)
	if err != nil {
		return nil, err
	}
	cmd := app.NewAPIServerCommand()
	cmd.SetArgs(args)
	done := make(chan error, 1)
	go func() { done <- cmd.Execute() }()
	return done, nil
}

func writeAdminKubeconfig(dir string, p clusterPorts, pki clusterPKI) (*rest.Config, error) {
	config := kubeconfig(p, pki, "testcluster-admin", &clientcmdapi.AuthInfo{
		ClientCertificateData: readFile(pki.AdminCert),
		ClientKeyData:         readFile(pki.AdminKey),
	}, "default")
	path := filepath.Join(dir, "admin.kubeconfig")
	if err := clientcmd.WriteToFile(*config, path); err != nil {
		return nil, err
	}
	return clientcmd.NewDefaultClientConfig(*config, nil).ClientConfig()
}

func kubeconfig(p clusterPorts, pki clusterPKI, user string, auth *clientcmdapi.AuthInfo, namespace string) *clientcmdapi.Config {
	config := clientcmdapi.NewConfig()
	config.Clusters["testcluster"] = &clientcmdapi.Cluster{
		Server:                   fmt.Sprintf("https://127.0.0.1:%d", p.API),
		CertificateAuthorityData: readFile(pki.CACert),
	}
	config.AuthInfos[user] = auth
	config.Contexts[user] = &clientcmdapi.Context{Cluster: "testcluster", AuthInfo: user, Namespace: namespace}
	config.CurrentContext = user
	return config
}

func waitForAPIServer(ctx context.Context, config *rest.Config, apiDone <-chan error) (*kubernetes.Clientset, error) {
	client, err := kubernetes.NewForConfig(config)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(2 * time.Minute)
	var last string
	for time.Now().Before(deadline) {
		select {
		case err := <-apiDone:
			return nil, fmt.Errorf("exited before it was ready: %v", err)
		case <-ctx.Done():
			return nil, ctx.Err()
		default:
		}
		body, err := client.Discovery().RESTClient().Get().AbsPath("/readyz").DoRaw(ctx)
		if err == nil {
			return client, nil
		}
		last = fmt.Sprintf("%v %s", err, body)
		time.Sleep(200 * time.Millisecond)
	}
	return nil, fmt.Errorf("not ready after 2 minutes: %s", last)
}

func kubernetesVersion() string { return version.Get().GitVersion }
