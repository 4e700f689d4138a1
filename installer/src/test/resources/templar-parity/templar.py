#!/usr/bin/python3
"""Renders each case of CASES.json with ansible-core's own Templar (as it templates a task's arguments) into OUT.json:
the text, "NATIVE:" and Python's repr for a value that is not text, or "ERROR: " and the exception."""
import json
import sys
import warnings

warnings.simplefilter("ignore")
from ansible.parsing.dataloader import DataLoader  # noqa: E402
from ansible.template import Templar  # noqa: E402

data = json.load(open(sys.argv[1]))
templar = Templar(loader=DataLoader(), variables=data["vars"])
out = []
for case in data["cases"]:
    try:
        value = templar.template(case)
        out.append(value if isinstance(value, str) else "NATIVE:" + repr(value))
    except Exception as e:  # the case's error is its result
        out.append("ERROR: " + type(e).__name__ + ": " + str(e).split("\n")[0][:200])
json.dump(out, open(sys.argv[2], "w"), indent=0)
