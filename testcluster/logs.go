package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/api/errors"
)

// serveContainerLogs is the kubelet's read-only log endpoint, reached through the API server's pods/log proxy
// (kubectl logs, drillbook's log rule): a container's log is its pod's testcluster.drillbook.io/log annotation,
// else a start-up line.
func serveContainerLogs(ctx context.Context, port int, pki clusterPKI, k *fakeKubelet) error {
	certificate, err := tls.LoadX509KeyPair(pki.KubeletCert, pki.KubeletKey)
	if err != nil {
		return err
	}
	listener, err := tls.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port), &tls.Config{Certificates: []tls.Certificate{certificate}})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /containerLogs/{namespace}/{pod}/{container}", func(w http.ResponseWriter, r *http.Request) {
		pod, err := k.pods.Pods(r.PathValue("namespace")).Get(r.PathValue("pod"))
		if errors.IsNotFound(err) {
			http.Error(w, "pod not found", http.StatusNotFound)
			return
		}
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		name := r.PathValue("container")
		found := false
		for _, c := range pod.Spec.Containers {
			found = found || c.Name == name
		}
		if !found {
			http.Error(w, fmt.Sprintf("container %s is not valid for pod %s", name, pod.Name), http.StatusBadRequest)
			return
		}
		text, ok := pod.Annotations[logAnnotation]
		if !ok {
			text = fmt.Sprintf("testcluster: container %s of pod %s started\n", name, pod.Name)
		}
		lines := strings.SplitAfter(text, "\n")
		if len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if tail, err := strconv.Atoi(r.URL.Query().Get("tailLines")); err == nil && tail >= 0 && tail < len(lines) {
			lines = lines[len(lines)-tail:]
		}
		stamp := ""
		if r.URL.Query().Get("timestamps") == "true" {
			stamp = pod.CreationTimestamp.UTC().Format(time.RFC3339Nano) + " "
		}
		w.Header().Set("Content-Type", "text/plain")
		for _, line := range lines {
			if !strings.HasSuffix(line, "\n") {
				line += "\n"
			}
			fmt.Fprint(w, stamp+line)
		}
	})
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	go func() { <-ctx.Done(); _ = server.Close() }()
	return nil
}
