package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/kubectl/pkg/polymorphichelpers"
)

// rolloutStatusVerdict is what kubectl's own status viewer says of one Deployment object.
type rolloutStatusVerdict struct {
	ResourceVersion string `json:"resourceVersion"`
	Message         string `json:"message"`
	Done            bool   `json:"done"`
	Error           string `json:"error,omitempty"`
}

// rolloutStatus reads Deployment objects, one JSON document per line, and writes, one JSON line each, what
// `kubectl rollout status` decides on seeing it: the same DeploymentStatusViewer code kubectl runs on every watch
// event, so a test can hold drillbook's rule to kubectl's object by object.
func rolloutStatus(in io.Reader, out io.Writer) error {
	viewer := &polymorphichelpers.DeploymentStatusViewer{}
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 0, 1<<20), 16<<20)
	encoder := json.NewEncoder(out)
	for line := 1; scanner.Scan(); line++ {
		text := strings.TrimSpace(scanner.Text())
		if text == "" {
			continue
		}
		object := &unstructured.Unstructured{}
		if err := object.UnmarshalJSON([]byte(text)); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		message, done, err := viewer.Status(object, 0)
		verdict := rolloutStatusVerdict{ResourceVersion: object.GetResourceVersion(), Message: strings.TrimSuffix(message, "\n"), Done: done}
		if err != nil {
			verdict.Error = err.Error()
		}
		if err := encoder.Encode(verdict); err != nil {
			return err
		}
	}
	return scanner.Err()
}
