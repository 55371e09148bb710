/**
 * The embedded sandbox: a real Kubernetes API over HTTP with no cluster, so a rollback drill can run anywhere.
 *
 * <p>{@link io.drillbook.sandbox.Sandbox} serves an in-memory API (fabric8's CRUD mock server), seeds Deployments
 * with a realistic ReplicaSet history, and runs a simulated Deployment controller that rolls template changes out
 * step by step, including rollouts that never become ready and time out.
 */
package io.drillbook.sandbox;
