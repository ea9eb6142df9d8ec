#!/usr/bin/env python3
"""Checks, in seconds, that the Lambda `bootstrap` cannot link full Foundation (issue 11 §8).

Full Foundation brings FoundationInternationalization and ICU: 34 MB of the binary, the zip 32.9 MB
instead of ~15. Every module of the package that `bootstrap` links must import FoundationEssentials,
falling back to Foundation only in the `#else` of `#if canImport(FoundationEssentials)`, and must
have no resources (SwiftPM's generated `Bundle.module` accessor imports Foundation). The package
dependencies it links (AsyncHTTPClient, SwiftNIO, swift-crypto, ...) do the same today;
scripts/build-lambda checks the linked binary itself. Run by scripts/test:
    python3 scripts/check-lambda-foundation.py
"""
import json
import os
import re
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|private|fileprivate)\s+)?import\s+(?:\w+\s+)?"
                    r"(Foundation|FoundationInternationalization|FoundationNetworking|FoundationXML)(?:\.|\s|$)")


def main():
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    targets = {t["name"]: t for t in package["targets"]}
    closure, todo = set(), ["bootstrap"]
    while todo:
        name = todo.pop()
        if name in closure or name not in targets:
            continue
        closure.add(name)
        for dep in targets[name].get("dependencies", []):
            for kind in ("byName", "target"):
                if kind in dep:
                    todo.append(dep[kind][0])
    problems = []
    for name in sorted(closure):
        target = targets[name]
        if target.get("resources"):
            problems.append(f"{name}: has resources (Bundle.module imports Foundation)")
        if target.get("type") == "system":
            continue
        path = os.path.join(ROOT, target.get("path") or os.path.join("Sources", name))
        for directory, _, files in os.walk(path):
            for file in sorted(files):
                if file.endswith(".swift"):
                    problems += check(os.path.join(directory, file))
    if problems:
        print("check-lambda-foundation: the bootstrap would link Foundation (and ICU):", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        sys.exit(1)
    print(f"check-lambda-foundation: {len(closure)} modules of the bootstrap import FoundationEssentials only")


def check(path):
    """Each Foundation import must sit in the #else of `#if canImport(FoundationEssentials)`."""
    problems, stack = [], []  # stack: for each open #if, whether we are in the Essentials fallback
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            directive = line.strip()
            if directive.startswith("#if"):
                stack.append(["canImport(FoundationEssentials)" in directive, False])
            elif directive.startswith("#elseif") and stack:
                stack[-1][1] = False
            elif directive.startswith("#else") and stack:
                stack[-1][1] = stack[-1][0]
            elif directive.startswith("#endif") and stack:
                stack.pop()
            elif IMPORT.match(line) and not any(fallback for _, fallback in stack):
                problems.append(f"{os.path.relpath(path, ROOT)}:{number}: {directive}")
    return problems


if __name__ == "__main__":
    main()
