#!/usr/bin/env python3
"""Keeps the part of GitHub's published REST description that drillbook's fakes serve.

Usage: npm pack @octokit/openapi@23.0.2 && tar xzf octokit-openapi-23.0.2.tgz \
         package/generated/api.github.com.deref.json package/package.json
       python3 extract.py package > api.github.com-23.0.2.json
Keeps, for each operation the sandbox's GitHub serves, its 2xx JSON response schemas (dereferenced, descriptions
and examples dropped), so the contract test can check the fakes field by field without the 70 MB original.
"""
import json
import sys

OPERATIONS = [
    ("get", "/"), ("get", "/rate_limit"), ("get", "/user"), ("get", "/repos/{owner}/{repo}"),
    ("get", "/repos/{owner}/{repo}/contents/{path}"), ("put", "/repos/{owner}/{repo}/contents/{path}"),
    ("get", "/repos/{owner}/{repo}/actions/workflows"),
    ("get", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}"),
    ("post", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/dispatches"),
    ("get", "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"),
    ("get", "/repos/{owner}/{repo}/actions/runs"), ("get", "/repos/{owner}/{repo}/actions/runs/{run_id}"),
    ("get", "/repos/{owner}/{repo}/issues"), ("post", "/repos/{owner}/{repo}/issues"),
    ("get", "/repos/{owner}/{repo}/issues/{issue_number}"), ("patch", "/repos/{owner}/{repo}/issues/{issue_number}"),
    ("get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
]
DROP = {"description", "example", "examples", "title", "externalDocs", "x-github"}


def strip(node):
    if isinstance(node, dict):
        return {k: strip(v) for k, v in node.items() if k not in DROP}
    if isinstance(node, list):
        return [strip(v) for v in node]
    return node


def main(package_dir):
    spec = json.load(open(package_dir + "/generated/api.github.com.deref.json"))
    version = json.load(open(package_dir + "/package.json"))["version"]
    out = {"source": "@octokit/openapi " + version + " generated/api.github.com.deref.json", "operations": {}}
    for method, path in OPERATIONS:
        op = spec["paths"][path][method]
        responses = {}
        for status, response in op["responses"].items():
            if not status.startswith("2"):
                continue
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            responses[status] = strip(schema) if schema is not None else None
        out["operations"][method.upper() + " " + path] = responses
    json.dump(out, sys.stdout, indent=None, separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main(sys.argv[1])
