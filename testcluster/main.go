// Command testcluster runs a real Kubernetes control plane on loopback for drillbook's tests: embedded etcd, the
// real kube-apiserver (RBAC enforced), the real Deployment and ReplicaSet controllers in process, and a small fake
// kubelet that marks pods ready. It writes admin.kubeconfig and drillbook.kubeconfig into its directory, prints
// "ready" and runs until SIGTERM. Restarted on the same directory it keeps its state, keys and ports.
// "testcluster rollout-status" instead judges Deployment JSON lines on stdin with kubectl's own status viewer.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"regexp"
	"syscall"
	"time"
)

type options struct {
	dir              string
	rbacDir          string
	podReadyDelay    time.Duration
	neverReadyImages *regexp.Regexp
	unhealthyImages  *regexp.Regexp
	apiPort          int
	healthPort       int
	auditLog         bool
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "rollout-status" {
		if err := rolloutStatus(os.Stdin, os.Stdout); err != nil {
			fmt.Fprintf(os.Stderr, "testcluster rollout-status: %v\n", err)
			os.Exit(1)
		}
		return
	}
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := run(ctx, opts); err != nil {
		fmt.Fprintf(os.Stderr, "testcluster: %v\n", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("testcluster", flag.ContinueOnError)
	var o options
	var pattern string
	fs.StringVar(&o.dir, "dir", "", "state directory: etcd data, keys, certificates, kubeconfigs (kept across restarts)")
	fs.StringVar(&o.rbacDir, "rbac", "", "directory holding serviceaccount.yaml, role.yaml and rolebinding.yaml to apply (k8s/base)")
	fs.DurationVar(&o.podReadyDelay, "pod-ready-delay", time.Second, "how long a new pod takes to become Running and Ready")
	fs.StringVar(&pattern, "never-ready-images", `:broken$|-broken$`, "pods whose image matches this regular expression never become ready")
	var unhealthy string
	fs.StringVar(&unhealthy, "unhealthy-images", `:sick$|-sick$`, "pods whose image matches this regular expression become ready but the health server answers 503 for them (a release that passes its readiness probe and serves errors)")
	fs.IntVar(&o.apiPort, "api-port", 0, "kube-apiserver port (0: the port used before in this directory, else a free one)")
	fs.IntVar(&o.healthPort, "health-port", 0, "health server port (0: the port used before in this directory, else a free one)")
	fs.BoolVar(&o.auditLog, "audit-log", true, "write the API server's audit log (metadata level) to DIR/audit.log")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.dir == "" {
		return o, fmt.Errorf("--dir is required")
	}
	abs, err := filepath.Abs(o.dir)
	if err != nil {
		return o, err
	}
	o.dir = abs
	if o.neverReadyImages, err = regexp.Compile(pattern); err != nil {
		return o, fmt.Errorf("--never-ready-images: %v", err)
	}
	if o.unhealthyImages, err = regexp.Compile(unhealthy); err != nil {
		return o, fmt.Errorf("--unhealthy-images: %v", err)
	}
	return o, nil
}

func run(ctx context.Context, o options) error {
	started := time.Now()
	if err := os.MkdirAll(o.dir, 0o700); err != nil {
		return err
	}
	ports, err := loadOrPickPorts(o)
	if err != nil {
		return err
	}
	pki, err := ensurePKI(o.dir)
	if err != nil {
		return fmt.Errorf("keys and certificates: %w", err)
	}
	etcd, err := startEtcd(ctx, o.dir, ports)
	if err != nil {
		return fmt.Errorf("etcd: %w", err)
	}
	defer etcd.Close()

	apiDone, err := startAPIServer(o, ports, pki)
	if err != nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	admin, err := writeAdminKubeconfig(o.dir, ports, pki)
	if err != nil {
		return err
	}
	client, err := waitForAPIServer(ctx, admin, apiDone)
	if err != nil {
		return fmt.Errorf("kube-apiserver: %w", err)
	}
	if err := startControllers(ctx, admin); err != nil {
		return fmt.Errorf("controllers: %w", err)
	}
	kubelet := newFakeKubelet(client, o.podReadyDelay, o.neverReadyImages, ports.Kubelet)
	kubelet.unhealthy = o.unhealthyImages
	if err := kubelet.start(ctx); err != nil {
		return fmt.Errorf("fake kubelet: %w", err)
	}
	if err := serveContainerLogs(ctx, ports.Kubelet, pki, kubelet); err != nil {
		return fmt.Errorf("fake kubelet logs: %w", err)
	}
	health, err := serveHealth(ctx, ports.Health, kubelet)
	if err != nil {
		return fmt.Errorf("health server: %w", err)
	}
	defer health.Close()
	if err := setUpDrillbookIdentity(ctx, client, o.dir, o.rbacDir, ports, pki); err != nil {
		return fmt.Errorf("drillbook identity: %w", err)
	}
	if err := writeInfo(o.dir, ports, time.Since(started)); err != nil {
		return err
	}
	fmt.Printf("kube-apiserver https://127.0.0.1:%d (etcd 127.0.0.1:%d), health http://127.0.0.1:%d/health/NAMESPACE/DEPLOYMENT\n",
		ports.API, ports.EtcdClient, ports.Health)
	fmt.Printf("kubeconfigs %s and %s, started in %.1f s\n",
		filepath.Join(o.dir, "admin.kubeconfig"), filepath.Join(o.dir, "drillbook.kubeconfig"), time.Since(started).Seconds())
	fmt.Println("ready")

	select {
	case <-ctx.Done():
	case err := <-apiDone:
		if err != nil {
			return fmt.Errorf("kube-apiserver stopped: %w", err)
		}
		return fmt.Errorf("kube-apiserver stopped")
	}
	select {
	case <-apiDone:
	case <-time.After(30 * time.Second):
	}
	return nil
}
