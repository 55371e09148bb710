package main

import (
	"context"
	"time"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/kubernetes/pkg/controller/deployment"
	"k8s.io/kubernetes/pkg/controller/replicaset"
)

// startControllers runs the real Deployment and ReplicaSet controllers in process, wired as
// test/integration/deployment in kubernetes/kubernetes wires them: no scheduler, no garbage collector.
func startControllers(ctx context.Context, admin *rest.Config) error {
	client := func(agent string) kubernetes.Interface {
		return kubernetes.NewForConfigOrDie(rest.AddUserAgent(rest.CopyConfig(admin), agent))
	}
	factory := informers.NewSharedInformerFactory(client("testcluster-informers"), 12*time.Hour)
	dc, err := deployment.NewDeploymentController(ctx,
		factory.Apps().V1().Deployments(), factory.Apps().V1().ReplicaSets(), factory.Core().V1().Pods(),
		client("deployment-controller"))
	if err != nil {
		return err
	}
	rsc := replicaset.NewReplicaSetController(ctx,
		factory.Apps().V1().ReplicaSets(), factory.Core().V1().Pods(),
		client("replicaset-controller"), replicaset.BurstReplicas)
	factory.Start(ctx.Done())
	go dc.Run(ctx, 5)
	go rsc.Run(ctx, 5)
	return nil
}
