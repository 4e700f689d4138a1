#!/usr/bin/python3
"""Renders each case of CASES.json with ansible-core's own Templar as its template module renders a file (the #jinja2:
header applied, backslashes not escaped, trailing newlines kept) into OUT.json: the text, or "ERROR: " and the exception."""
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
        # as the template module: its #jinja2: header applied, backslashes not escaped, trailing newlines kept
        text = case
        env = {}
        if text.startswith("#jinja2:"):
            header, text = text.split("\n", 1)
            for pair in header[len("#jinja2:"):].split(","):
                k, v = pair.split(":")
                env[k.strip()] = v.strip() == "True"
        t = templar.copy_with_new_env(**env) if env else templar
        out.append(t.do_template(text, preserve_trailing_newlines=True, escape_backslashes=False))
    except Exception as e:  # the case's error is its result
        out.append("ERROR: " + type(e).__name__ + ": " + str(e).split("\n")[0][:200])
json.dump(out, open(sys.argv[2], "w"), indent=0)
