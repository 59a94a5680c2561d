#!/usr/bin/python3
"""Every shipped scenario validates against `faultline schema`, and a file with a
misspelt key does not: the schema and the loader share their key tables."""
import glob
import json
import subprocess
import sys

import jsonschema
import yaml

cli, root = sys.argv[1], sys.argv[2]
schema = json.loads(subprocess.run([cli, "schema"], check=True, capture_output=True, text=True).stdout)
validator = jsonschema.Draft202012Validator(schema)
passed = failed = 0
for path in sorted(glob.glob(root + "/scenarios/*.yaml")):
    with open(path) as f:
        doc = yaml.safe_load(f)
    errors = list(validator.iter_errors(doc))
    if errors:
        failed += 1
        print(f"{path}: {errors[0].message} at {list(errors[0].path)}")
    else:
        passed += 1
bad = {"simulation": {"duration": "10s"}, "services": {"a": {"servce_time": {"dist": "constant", "value": "1ms"}}},
       "clients": {"c": {"target": "a", "rate": "1/s"}}}
if list(validator.iter_errors(bad)):
    passed += 1
else:
    failed += 1
    print("a misspelt key passed the schema")
with open(root + "/docs/scenario.schema.json") as f:
    if json.load(f) == schema:
        passed += 1
    else:
        failed += 1
        print("docs/scenario.schema.json is stale: regenerate it with `faultline schema > docs/scenario.schema.json`")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
