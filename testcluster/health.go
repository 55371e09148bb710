package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// serveHealth answers GET /health/NAMESPACE/DEPLOYMENT with 200 only while the Deployment has pods, every one of
// them Ready and none on a never-ready or unhealthy image; there is no pod network, so this stands in for the service's own
// health endpoint.
func serveHealth(ctx context.Context, port int, k *fakeKubelet) (*http.Server, error) {
	listener, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /health/{namespace}/{deployment}", func(w http.ResponseWriter, r *http.Request) {
		status, body := k.health(r.PathValue("namespace"), r.PathValue("deployment"))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		fmt.Fprintln(w, body)
	})
	server := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = server.Serve(listener) }()
	go func() { <-ctx.Done(); _ = server.Close() }()
	return server, nil
}

func (k *fakeKubelet) health(namespace, name string) (int, string) {
	deployment, err := k.deployments.Deployments(namespace).Get(name)
	if apierrors.IsNotFound(err) {
		return http.StatusNotFound, fmt.Sprintf(`{"status":"unknown","reason":"deployment %s/%s not found"}`, namespace, name)
	}
	if err != nil {
		return http.StatusInternalServerError, fmt.Sprintf(`{"status":"error","reason":%q}`, err.Error())
	}
	selector, err := metav1.LabelSelectorAsSelector(deployment.Spec.Selector)
	if err != nil {
		return http.StatusInternalServerError, fmt.Sprintf(`{"status":"error","reason":%q}`, err.Error())
	}
	pods, err := k.pods.Pods(namespace).List(selector)
	if err != nil {
		return http.StatusInternalServerError, fmt.Sprintf(`{"status":"error","reason":%q}`, err.Error())
	}
	var live, ready int
	var problems []string
	for _, pod := range pods {
		if pod.DeletionTimestamp != nil {
			continue
		}
		live++
		switch {
		case k.runsNeverReadyImage(pod):
			problems = append(problems, pod.Name+" runs a never-ready image")
		case k.runsUnhealthyImage(pod):
			problems = append(problems, pod.Name+" is ready but serves errors (unhealthy image)")
		case !podReady(pod):
			problems = append(problems, pod.Name+" is not ready")
		default:
			ready++
		}
	}
	if live == 0 {
		return http.StatusServiceUnavailable, `{"status":"down","reason":"no pods"}`
	}
	if len(problems) > 0 {
		return http.StatusServiceUnavailable, fmt.Sprintf(`{"status":"down","ready":%d,"pods":%d,"reason":%q}`, ready, live, strings.Join(problems, "; "))
	}
	return http.StatusOK, fmt.Sprintf(`{"status":"ok","ready":%d,"pods":%d}`, ready, live)
}

func (k *fakeKubelet) runsUnhealthyImage(pod *corev1.Pod) bool {
	if k.unhealthy == nil {
		return false
	}
	for _, c := range pod.Spec.Containers {
		if k.unhealthy.MatchString(c.Image) {
			return true
		}
	}
	return false
}

func podReady(pod *corev1.Pod) bool {
	for _, c := range pod.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}
