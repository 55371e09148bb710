/**
 * The embedded sandbox: a real Kubernetes API over HTTP with no cluster, so a rollback drill can run anywhere.
 *
 * <p>{@link io.drillbook.sandbox.Sandbox} serves an in-memory API (fabric8's CRUD mock server), seeds Deployments
 * with a realistic ReplicaSet history, and runs a simulated Deployment controller that rolls template changes out
 * step by step, including rollouts that never become ready and time out. It also fakes the GitHub REST API of a
 * GitHub Enterprise Server (repositories, contents, issues, Actions workflow dispatch and runs), whose workflow runs
 * perform the rollback in the sandbox cluster.
 */
package io.drillbook.sandbox;
