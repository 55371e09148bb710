package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"regexp"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	appslisters "k8s.io/client-go/listers/apps/v1"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

const (
	nodeName = "testcluster-node"
	// readyDelayAnnotation on a pod (from its template) overrides --pod-ready-delay for that pod.
	readyDelayAnnotation = "testcluster.drillbook.io/ready-delay"
	// logAnnotation on a pod (from its template) is what its containers' logs say.
	logAnnotation = "testcluster.drillbook.io/log"
)

// fakeKubelet is the one hand-written part of the control plane: it binds pods to its Node, reports them Running
// and Ready after a delay (never, for an image matching neverReady: the real Deployment controller then reports
// ProgressDeadlineExceeded), and finishes graceful deletion as a kubelet would once the containers are gone.
type fakeKubelet struct {
	client     kubernetes.Interface
	readyDelay time.Duration
	neverReady *regexp.Regexp
	// unhealthy images run Ready, but the health server answers 503 for them.
	unhealthy   *regexp.Regexp
	kubeletPort int
	pods        corelisters.PodLister
	deployments appslisters.DeploymentLister

	mu      sync.Mutex
	handled map[types.UID]bool
}

func newFakeKubelet(client kubernetes.Interface, readyDelay time.Duration, neverReady *regexp.Regexp, kubeletPort int) *fakeKubelet {
	return &fakeKubelet{client: client, readyDelay: readyDelay, neverReady: neverReady, kubeletPort: kubeletPort,
		handled: map[types.UID]bool{}}
}

func (k *fakeKubelet) start(ctx context.Context) error {
	if err := k.registerNode(ctx); err != nil {
		return err
	}
	factory := informers.NewSharedInformerFactory(k.client, 0)
	podInformer := factory.Core().V1().Pods()
	k.pods = podInformer.Lister()
	k.deployments = factory.Apps().V1().Deployments().Lister()
	_, err := podInformer.Informer().AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    func(obj any) { k.observe(ctx, obj.(*corev1.Pod)) },
		UpdateFunc: func(_, obj any) { k.observe(ctx, obj.(*corev1.Pod)) },
	})
	if err != nil {
		return err
	}
	factory.Start(ctx.Done())
	for typ, ok := range factory.WaitForCacheSync(ctx.Done()) {
		if !ok {
			return fmt.Errorf("informer for %v did not sync", typ)
		}
	}
	return nil
}

func (k *fakeKubelet) registerNode(ctx context.Context) error {
	node := &corev1.Node{ObjectMeta: metav1.ObjectMeta{Name: nodeName, Labels: map[string]string{
		"kubernetes.io/hostname": nodeName, "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64"}}}
	if _, err := k.client.CoreV1().Nodes().Create(ctx, node, metav1.CreateOptions{}); err != nil && !apierrors.IsAlreadyExists(err) {
		return err
	}
	current, err := k.client.CoreV1().Nodes().Get(ctx, nodeName, metav1.GetOptions{})
	if err != nil {
		return err
	}
	now := metav1.Now()
	capacity := corev1.ResourceList{
		corev1.ResourceCPU:    resource.MustParse("2"),
		corev1.ResourceMemory: resource.MustParse("8Gi"),
		corev1.ResourcePods:   resource.MustParse("110"),
	}
	current.Status = corev1.NodeStatus{
		Capacity:    capacity,
		Allocatable: capacity,
		Phase:       corev1.NodeRunning,
		Conditions: []corev1.NodeCondition{{Type: corev1.NodeReady, Status: corev1.ConditionTrue, Reason: "KubeletReady",
			Message: "testcluster fake kubelet is posting ready status", LastHeartbeatTime: now, LastTransitionTime: now}},
		Addresses: []corev1.NodeAddress{{Type: corev1.NodeInternalIP, Address: "127.0.0.1"},
			{Type: corev1.NodeHostName, Address: nodeName}},
		DaemonEndpoints: corev1.NodeDaemonEndpoints{KubeletEndpoint: corev1.DaemonEndpoint{Port: int32(k.kubeletPort)}},
		NodeInfo: corev1.NodeSystemInfo{KubeletVersion: kubernetesVersion(), OperatingSystem: "linux", Architecture: "amd64",
			ContainerRuntimeVersion: "testcluster://fake"},
	}
	_, err = k.client.CoreV1().Nodes().UpdateStatus(ctx, current, metav1.UpdateOptions{})
	return err
}

func (k *fakeKubelet) observe(ctx context.Context, pod *corev1.Pod) {
	switch {
	case pod.DeletionTimestamp != nil:
		if pod.Spec.NodeName == nodeName && k.once(pod.UID, "delete") {
			go k.finishDeletion(ctx, pod)
		}
	case pod.Spec.NodeName == "":
		if k.once(pod.UID, "bind") {
			go k.bind(ctx, pod)
		}
	case pod.Spec.NodeName == nodeName && len(pod.Status.ContainerStatuses) == 0 && k.once(pod.UID, "start"):
		if k.runsNeverReadyImage(pod) {
			go k.reportImagePullBackOff(ctx, pod)
		} else {
			go k.reportReady(ctx, pod, k.delayFor(pod))
		}
	}
}

func (k *fakeKubelet) once(uid types.UID, step string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	key := types.UID(string(uid) + "/" + step)
	if k.handled[key] {
		return false
	}
	k.handled[key] = true
	return true
}

func (k *fakeKubelet) runsNeverReadyImage(pod *corev1.Pod) bool {
	for _, c := range pod.Spec.Containers {
		if k.neverReady.MatchString(c.Image) {
			return true
		}
	}
	return false
}

func (k *fakeKubelet) delayFor(pod *corev1.Pod) time.Duration {
	if value, ok := pod.Annotations[readyDelayAnnotation]; ok {
		if d, err := time.ParseDuration(value); err == nil {
			return d
		}
		fmt.Fprintf(os.Stderr, "testcluster: pod %s/%s: bad %s %q, using %s\n", pod.Namespace, pod.Name, readyDelayAnnotation, value, k.readyDelay)
	}
	return k.readyDelay
}

func (k *fakeKubelet) bind(ctx context.Context, pod *corev1.Pod) {
	binding := &corev1.Binding{ObjectMeta: metav1.ObjectMeta{Name: pod.Name, Namespace: pod.Namespace, UID: pod.UID},
		Target: corev1.ObjectReference{Kind: "Node", Name: nodeName}}
	retry(ctx, func() error {
		err := k.client.CoreV1().Pods(pod.Namespace).Bind(ctx, binding, metav1.CreateOptions{})
		if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
			return nil
		}
		return err
	})
}

func (k *fakeKubelet) reportReady(ctx context.Context, pod *corev1.Pod, delay time.Duration) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(delay):
	}
	k.updateStatus(ctx, pod, func(status *corev1.PodStatus, now metav1.Time) {
		status.Phase = corev1.PodRunning
		status.Conditions = podConditions(now, true)
		status.ContainerStatuses = nil
		for _, c := range pod.Spec.Containers {
			status.ContainerStatuses = append(status.ContainerStatuses, corev1.ContainerStatus{
				Name: c.Name, Image: c.Image, ImageID: imageID(c.Image), ContainerID: "containerd://" + randomHex(32),
				Ready: true, Started: ptrTo(true), State: corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}},
			})
		}
	})
}

func (k *fakeKubelet) reportImagePullBackOff(ctx context.Context, pod *corev1.Pod) {
	k.updateStatus(ctx, pod, func(status *corev1.PodStatus, now metav1.Time) {
		status.Phase = corev1.PodPending
		status.Conditions = podConditions(now, false)
		status.ContainerStatuses = nil
		for _, c := range pod.Spec.Containers {
			waiting := &corev1.ContainerStateWaiting{Reason: "ImagePullBackOff", Message: fmt.Sprintf("Back-off pulling image %q", c.Image)}
			if !k.neverReady.MatchString(c.Image) {
				waiting = &corev1.ContainerStateWaiting{Reason: "PodInitializing"}
			}
			status.ContainerStatuses = append(status.ContainerStatuses, corev1.ContainerStatus{
				Name: c.Name, Image: c.Image, Started: ptrTo(false), State: corev1.ContainerState{Waiting: waiting}})
		}
	})
}

func podConditions(now metav1.Time, ready bool) []corev1.PodCondition {
	readyStatus, reason := corev1.ConditionTrue, ""
	if !ready {
		readyStatus, reason = corev1.ConditionFalse, "ContainersNotReady"
	}
	return []corev1.PodCondition{
		{Type: corev1.PodReadyToStartContainers, Status: corev1.ConditionTrue, LastTransitionTime: now},
		{Type: corev1.PodInitialized, Status: corev1.ConditionTrue, LastTransitionTime: now},
		{Type: corev1.PodReady, Status: readyStatus, Reason: reason, LastTransitionTime: now},
		{Type: corev1.ContainersReady, Status: readyStatus, Reason: reason, LastTransitionTime: now},
		{Type: corev1.PodScheduled, Status: corev1.ConditionTrue, LastTransitionTime: now},
	}
}

func (k *fakeKubelet) updateStatus(ctx context.Context, pod *corev1.Pod, mutate func(*corev1.PodStatus, metav1.Time)) {
	retry(ctx, func() error {
		current, err := k.client.CoreV1().Pods(pod.Namespace).Get(ctx, pod.Name, metav1.GetOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if current.UID != pod.UID || current.DeletionTimestamp != nil {
			return nil
		}
		now := metav1.Now()
		current.Status.HostIP = "127.0.0.1"
		current.Status.HostIPs = []corev1.HostIP{{IP: "127.0.0.1"}}
		if current.Status.StartTime == nil {
			current.Status.StartTime = &now
		}
		current.Status.QOSClass = corev1.PodQOSBestEffort
		mutate(&current.Status, now)
		_, err = k.client.CoreV1().Pods(pod.Namespace).UpdateStatus(ctx, current, metav1.UpdateOptions{})
		if apierrors.IsNotFound(err) {
			return nil
		}
		return err
	})
}

// finishDeletion is what the kubelet does once a pod's containers have stopped: delete it for good (grace 0).
func (k *fakeKubelet) finishDeletion(ctx context.Context, pod *corev1.Pod) {
	select {
	case <-ctx.Done():
		return
	case <-time.After(100 * time.Millisecond):
	}
	zero := int64(0)
	uid := pod.UID
	retry(ctx, func() error {
		err := k.client.CoreV1().Pods(pod.Namespace).Delete(ctx, pod.Name,
			metav1.DeleteOptions{GracePeriodSeconds: &zero, Preconditions: &metav1.Preconditions{UID: &uid}})
		if apierrors.IsNotFound(err) || apierrors.IsConflict(err) {
			return nil
		}
		return err
	})
}

func retry(ctx context.Context, attempt func() error) {
	for backoff := 100 * time.Millisecond; ; backoff = min(2*backoff, 2*time.Second) {
		err := attempt()
		if err == nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
	}
}

func imageID(image string) string {
	sum := sha256.Sum256([]byte(image))
	return image + "@sha256:" + hex.EncodeToString(sum[:])
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func ptrTo[T any](v T) *T { return &v }
