package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	authenticationv1 "k8s.io/api/authentication/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/client-go/tools/clientcmd"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

const tokenSeconds = int64(365 * 24 * 3600)

// setUpDrillbookIdentity applies the shipped ServiceAccount, Role and RoleBinding (k8s/base) as they are, and writes
// drillbook.kubeconfig with a TokenRequest token of that ServiceAccount, its namespace set to the Role's. An
// existing kubeconfig is kept: the signing key is kept too, so the token stays valid across restarts.
func setUpDrillbookIdentity(ctx context.Context, client kubernetes.Interface, dir, rbacDir string, p clusterPorts, pki clusterPKI) error {
	if rbacDir == "" {
		return nil
	}
	objects, err := readManifests(rbacDir, "serviceaccount.yaml", "role.yaml", "rolebinding.yaml")
	if err != nil {
		return err
	}
	var account *corev1.ServiceAccount
	var role *rbacv1.Role
	for _, object := range objects {
		switch o := object.(type) {
		case *corev1.ServiceAccount:
			account = o
		case *rbacv1.Role:
			role = o
		}
		if err := createIfAbsent(ctx, client, object); err != nil {
			return err
		}
	}
	if account == nil || role == nil {
		return fmt.Errorf("%s: expected a ServiceAccount and a Role", rbacDir)
	}
	path := filepath.Join(dir, "drillbook.kubeconfig")
	if exists(path) {
		return nil
	}
	expiration := tokenSeconds
	token, err := client.CoreV1().ServiceAccounts(account.Namespace).CreateToken(ctx, account.Name,
		&authenticationv1.TokenRequest{Spec: authenticationv1.TokenRequestSpec{ExpirationSeconds: &expiration}}, metav1.CreateOptions{})
	if err != nil {
		return fmt.Errorf("token for serviceaccount %s/%s: %w", account.Namespace, account.Name, err)
	}
	user := "system:serviceaccount:" + account.Namespace + ":" + account.Name
	config := kubeconfig(p, pki, user, &clientcmdapi.AuthInfo{Token: token.Status.Token}, role.Namespace)
	config.Contexts["drillbook"] = config.Contexts[user]
	delete(config.Contexts, user)
	config.CurrentContext = "drillbook"
	return clientcmd.WriteToFile(*config, path)
}

func readManifests(dir string, names ...string) ([]runtime.Object, error) {
	var objects []runtime.Object
	decoder := scheme.Codecs.UniversalDeserializer()
	for _, name := range names {
		path := filepath.Join(dir, name)
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		for i, doc := range bytes.Split(data, []byte("\n---")) {
			if strings.TrimSpace(stripComments(string(doc))) == "" {
				continue
			}
			object, _, err := decoder.Decode(doc, nil, nil)
			if err != nil {
				return nil, fmt.Errorf("%s: document %d: %w", path, i+1, err)
			}
			objects = append(objects, object)
		}
	}
	return objects, nil
}

func stripComments(doc string) string {
	var kept []string
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "\n")
}

func createIfAbsent(ctx context.Context, client kubernetes.Interface, object runtime.Object) error {
	ensureNamespace := func(name string) error {
		_, err := client.CoreV1().Namespaces().Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: name}}, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	}
	var err error
	switch o := object.(type) {
	case *corev1.ServiceAccount:
		if err = ensureNamespace(o.Namespace); err == nil {
			_, err = client.CoreV1().ServiceAccounts(o.Namespace).Create(ctx, o, metav1.CreateOptions{})
		}
	case *rbacv1.Role:
		if err = ensureNamespace(o.Namespace); err == nil {
			_, err = client.RbacV1().Roles(o.Namespace).Create(ctx, o, metav1.CreateOptions{})
		}
	case *rbacv1.RoleBinding:
		if err = ensureNamespace(o.Namespace); err == nil {
			_, err = client.RbacV1().RoleBindings(o.Namespace).Create(ctx, o, metav1.CreateOptions{})
		}
	default:
		return fmt.Errorf("unsupported manifest kind %T", object)
	}
	if apierrors.IsAlreadyExists(err) {
		return nil
	}
	return err
}
