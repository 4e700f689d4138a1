#!/usr/bin/python3
"""templar.py args|file CASES.json OUT.json: renders each case with ansible-core's own Templar, as it templates a task's
arguments (args) or as its template module renders a file (file: the #jinja2: header applied, backslashes not
escaped, trailing newlines kept), into OUT.json: the text, "NATIVE:" and Python's repr for a value that is not text,
or "ERROR: " and the exception."""
import json
import sys
import warnings

warnings.simplefilter("ignore")
from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.template import Templar  # noqa: E402


def as_argument(templar, case):
    value = templar.template(case)
    return value if isinstance(value, str) else "NATIVE:" + repr(value)


def as_file(templar, case):
    overrides = {}
    if case.startswith("#jinja2:"):
        header, case = case.split("\n", 1)
        for pair in header[len("#jinja2:"):].split(","):
            key, value = pair.split(":")
            overrides[key.strip()] = value.strip() == "True"
    if overrides:
        templar = templar.copy_with_new_env(**overrides)
    return templar.do_template(case, preserve_trailing_newlines=True, escape_backslashes=False)


mode, cases, out = sys.argv[1:4]
render = {"args": as_argument, "file": as_file}[mode]
data = json.load(open(cases))
templar = Templar(loader=DataLoader(), variables=data["vars"])
results = []
for case in data["cases"]:
    try:
        results.append(render(templar, case))
    except Exception as e:  # the case's error is its result
        results.append("ERROR: " + type(e).__name__ + ": " + str(e).split("\n")[0][:200])
json.dump(results, open(out, "w"), indent=0)
