package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"
)

// clusterPorts are kept in DIR/ports.json so that a control plane restarted on the same directory answers where
// its kubeconfigs (and a drill still running against it) expect it.
type clusterPorts struct {
	API        int `json:"api"`
	Health     int `json:"health"`
	EtcdClient int `json:"etcdClient"`
	EtcdPeer   int `json:"etcdPeer"`
	Kubelet    int `json:"kubelet"`
}

func loadOrPickPorts(o options) (clusterPorts, error) {
	path := filepath.Join(o.dir, "ports.json")
	var p clusterPorts
	if data, err := os.ReadFile(path); err == nil {
		if err := json.Unmarshal(data, &p); err != nil {
			return p, fmt.Errorf("%s: %v", path, err)
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return p, err
	}
	if o.apiPort != 0 {
		p.API = o.apiPort
	}
	if o.healthPort != 0 {
		p.Health = o.healthPort
	}
	for _, port := range []*int{&p.API, &p.Health, &p.EtcdClient, &p.EtcdPeer, &p.Kubelet} {
		if *port == 0 {
			free, err := freeLoopbackPort()
			if err != nil {
				return p, err
			}
			*port = free
		}
	}
	for name, port := range map[string]int{"api": p.API, "health": p.Health, "etcd client": p.EtcdClient, "etcd peer": p.EtcdPeer, "kubelet": p.Kubelet} {
		if err := waitUntilBindable(port, 20*time.Second); err != nil {
			return p, fmt.Errorf("%s port %d: %v", name, port, err)
		}
	}
	data, _ := json.MarshalIndent(p, "", "  ")
	return p, os.WriteFile(path, append(data, '\n'), 0o600)
}

func freeLoopbackPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitUntilBindable gives a just-killed predecessor's sockets a moment to go, so a restart reuses its ports.
func waitUntilBindable(port int, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
		if err == nil {
			return l.Close()
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

type clusterInfo struct {
	clusterPorts
	Server         string  `json:"server"`
	HealthURL      string  `json:"healthUrl"`
	StartedSeconds float64 `json:"startedSeconds"`
	PID            int     `json:"pid"`
	KubernetesVer  string  `json:"kubernetesVersion"`
}

func writeInfo(dir string, p clusterPorts, took time.Duration) error {
	info := clusterInfo{
		clusterPorts:   p,
		Server:         fmt.Sprintf("https://127.0.0.1:%d", p.API),
		HealthURL:      fmt.Sprintf("http://127.0.0.1:%d/health", p.Health),
		StartedSeconds: took.Seconds(),
		PID:            os.Getpid(),
		KubernetesVer:  kubernetesVersion(),
	}
	data, _ := json.MarshalIndent(info, "", "  ")
	return os.WriteFile(filepath.Join(dir, "cluster.json"), append(data, '\n'), 0o600)
}
