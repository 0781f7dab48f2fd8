#!/usr/bin/env python3
"""Validates SARIF files against the OASIS SARIF 2.1.0 JSON schema (draft-04).

Usage: validate_sarif.py SCHEMA FILE...   Exit 0 when every file is valid, 1 otherwise.
"""
import json
import sys

import jsonschema


def main() -> int:
    schema_path, *files = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as schema_file:
        schema = json.load(schema_file)
    validator = jsonschema.Draft4Validator(schema)
    failures = 0
    for path in files:
        with open(path, encoding="utf-8") as log_file:
            log = json.load(log_file)
        for error in validator.iter_errors(log):
            failures += 1
            location = "/".join(str(part) for part in error.absolute_path)
            print(f"{path}: /{location}: {error.message}")
    print(f"{len(files)} file(s) checked, {failures} schema error(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
